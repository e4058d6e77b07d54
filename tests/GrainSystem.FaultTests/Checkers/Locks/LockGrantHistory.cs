using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.Checkers.Locks;

/// <summary>
/// One grant (one owner token) and the times its holder was entitled to act as the only holder: from each granted
/// acquire or renewal's answer until its call plus the lease (the lock counts the lease from some moment inside the
/// call, so never earlier), cut at the holder's first release call (<see cref="Entitled"/>); <see cref="Leased"/> are
/// the same times uncut, when the lock itself must still know the holder; <see cref="ReleasedAt"/> is when a release
/// was answered "released" (after it, "not the owner" is right).
/// </summary>
internal sealed record LockGrantHistory(string Lock, string Token, LockOp Acquire, IReadOnlyList<(long Start, long End)> Leased,
    IReadOnlyList<(long Start, long End)> Entitled, long ReleasedAt)
{
    public long Fencing => Acquire.Fencing;

    public static IEnumerable<LockGrantHistory> From(IReadOnlyList<LockOp> ops)
    {
        var byToken = ops.Where(op => op.Token is not null).ToLookup(op => (op.Lock, op.Token!));
        foreach (var acquire in ops.Where(op => op is { Kind: LockOpKind.Acquire, Outcome: Outcome.Ok, Answer: LockAnswer.Granted })
                     .GroupBy(op => (op.Lock, op.Token!)).Select(g => g.MinBy(op => op.Complete)!))
        {
            var own = byToken[(acquire.Lock, acquire.Token!)].ToList();
            var releaseCalled = own.Where(op => op.Kind == LockOpKind.Release).Select(op => op.Invoke).DefaultIfEmpty(RunClock.Never).Min();
            var released = own.Where(op => op.Answer == LockAnswer.Released).Select(op => op.Complete).DefaultIfEmpty(RunClock.Never).Min();
            var leased = own
                .Where(op => op.Outcome == Outcome.Ok && op.Answer is LockAnswer.Granted or LockAnswer.Renewed)
                .Select(op => (Start: op.Complete, End: op.Invoke + op.Lease.Ticks))
                .Where(i => i.Start < i.End)
                .OrderBy(i => i.Start)
                .ToList();
            var entitled = leased.Select(i => (i.Start, End: Math.Min(i.End, releaseCalled))).Where(i => i.Start < i.End).ToList();
            yield return new LockGrantHistory(acquire.Lock, acquire.Token!, acquire, leased, entitled, released);
        }
    }

    /// <summary>Whether the lock must still know the holder at <paramref name="time"/>: leased, and not released before.</summary>
    public bool LeasedAt(long time) => time < ReleasedAt && Leased.Any(i => i.Start <= time && time < i.End);
}
