using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.Checkers.Locks;

/// <summary>
/// Checks a lock history: no two holders entitled at the same moment of real time; fencing tokens that grow with the
/// real-time order of grants and never repeat; no renewal or release refused while its grant's lease still ran; and,
/// once every lease has ended, no lock still held and no fencing counter gone back.
/// </summary>
public static class LockChecker
{
    public static CheckResult Check(IEnumerable<LockOp> history, IEnumerable<LockFinal> finals)
    {
        var result = new CheckResult(Features.Locks);
        var ops = history.ToList();
        result.Checked = ops.Count(op => op.Outcome != Outcome.Failed);
        var grants = LockGrantHistory.From(ops).ToList();
        foreach (var grantsOfLock in grants.GroupBy(g => g.Lock))
        {
            CheckOverlaps([.. grantsOfLock], result);
            CheckFencing([.. grantsOfLock], result);
        }

        CheckLostEarly(ops, grants, result);
        CheckFinals(finals, grants, result);
        return result;
    }

    private static void CheckOverlaps(List<LockGrantHistory> grants, CheckResult result)
    {
        var intervals = grants.SelectMany(g => g.Entitled.Select(i => (i.Start, i.End, Grant: g))).OrderBy(i => i.Start).ToList();
        var open = new List<(long Start, long End, LockGrantHistory Grant)>();
        foreach (var interval in intervals)
        {
            open.RemoveAll(o => o.End <= interval.Start);
            foreach (var other in open.Where(o => o.Grant != interval.Grant))
            {
                result.Add(new Anomaly(Features.Locks, "one holder", interval.Start,
                    $"lock {interval.Grant.Lock}: {interval.Grant.Acquire} was granted while {other.Grant.Acquire} "
                    + $"was still entitled until {RunClock.Format(other.End)} (overlap {RunClock.Format(Math.Min(other.End, interval.End) - interval.Start)})"));
            }

            open.Add(interval);
        }
    }

    private static void CheckFencing(List<LockGrantHistory> grants, CheckResult result)
    {
        foreach (var same in grants.GroupBy(g => g.Fencing).Where(g => g.Count() > 1))
        {
            result.Add(new Anomaly(Features.Locks, "fencing grows", same.Max(g => g.Acquire.Complete),
                $"lock {same.First().Lock}: fencing token {same.Key} given to {same.Count()} grants: {string.Join("; ", same.Select(g => g.Acquire))}"));
        }

        // A grant answered before another was asked for must carry a smaller token.
        var byAnswer = grants.OrderBy(g => g.Acquire.Complete).ToList();
        var answered = 0;
        LockGrantHistory? highest = null;
        foreach (var grant in grants.OrderBy(g => g.Acquire.Invoke))
        {
            while (answered < byAnswer.Count && byAnswer[answered].Acquire.Complete < grant.Acquire.Invoke)
            {
                if (highest is null || byAnswer[answered].Fencing > highest.Fencing)
                {
                    highest = byAnswer[answered];
                }

                answered++;
            }

            if (highest is not null && highest.Fencing >= grant.Fencing)
            {
                result.Add(new Anomaly(Features.Locks, "fencing grows", grant.Acquire.Complete,
                    $"lock {grant.Lock}: {grant.Acquire} carries fencing {grant.Fencing}, not above {highest.Acquire} granted before it was asked for"));
            }
        }
    }

    private static void CheckLostEarly(List<LockOp> ops, List<LockGrantHistory> grants, CheckResult result)
    {
        var byToken = grants.ToDictionary(g => (g.Lock, g.Token));
        foreach (var op in ops.Where(op => op is { Kind: not LockOpKind.Acquire, Outcome: Outcome.Ok, Answer: LockAnswer.NotOwner }))
        {
            if (byToken.TryGetValue((op.Lock, op.Token!), out var grant) && grant.LeasedAt(op.Invoke) && grant.LeasedAt(op.Complete))
            {
                result.Add(new Anomaly(Features.Locks, "lease kept", op.Complete,
                    $"lock {op.Lock}: {op} answered 'not the owner' while the lease of {grant.Acquire} still ran"));
            }
        }
    }

    private static void CheckFinals(IEnumerable<LockFinal> finals, List<LockGrantHistory> grants, CheckResult result)
    {
        var highest = grants.GroupBy(g => g.Lock).ToDictionary(g => g.Key, g => g.Max(x => x.Fencing));
        foreach (var final in finals)
        {
            if (final.Held)
            {
                result.Add(new Anomaly(Features.Locks, "leases end", final.At,
                    $"lock {final.Lock} is still held by '{final.Owner}' after every lease ended and nobody renewed"));
            }

            if (highest.TryGetValue(final.Lock, out var max) && final.Fencing < max)
            {
                result.Add(new Anomaly(Features.Locks, "fencing grows", final.At,
                    $"lock {final.Lock} shows fencing token {final.Fencing} at the end, below the granted {max}"));
            }
        }
    }
}
