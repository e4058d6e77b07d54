using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.CheckerTests;

/// <summary>
/// A one-key cache run by concurrent simulated clients: each operation takes effect at a random moment inside its call,
/// in that order, on a correct key (or one that loses every n-th acknowledged write); a few calls end with unknown
/// outcome (taking effect or not) or are refused. The histories it records are linearizable unless writes are lost.
/// </summary>
internal static class SimulatedCache
{
    public static List<CacheOp> Run(int seed, int clients, int operations, int loseEveryNthWrite = 0)
    {
        var random = new Random(seed);
        var planned = new List<(int Client, CacheOpKind Kind, long Argument, int Invoke, int Complete, int Effect, Outcome Outcome)>();
        for (var client = 0; client < clients; client++)
        {
            var time = random.Next(5);
            for (var i = 0; i < operations / clients; i++)
            {
                var duration = 1 + random.Next(10);
                var kind = (CacheOpKind)random.Next(6);
                var argument = kind == CacheOpKind.Increment ? 1 + random.Next(3) : (client + 1) * 1_000_000L + i;
                var roll = random.Next(100);
                var outcome = kind == CacheOpKind.Read ? Outcome.Ok : roll < 2 ? Outcome.Indeterminate : roll < 5 ? Outcome.Failed : Outcome.Ok;
                planned.Add((client, kind, argument, time, time + duration, time + random.Next(duration + 1), outcome));
                time += duration + random.Next(4);
            }
        }

        var history = new List<CacheOp>();
        var state = (Exists: false, Value: 0L, Version: 0L);
        long counter = 0;
        var writes = 0;
        foreach (var op in planned.OrderBy(p => p.Effect))
        {
            var applies = op.Outcome == Outcome.Ok || (op.Outcome == Outcome.Indeterminate && random.Next(2) == 0);
            var expected = state.Exists && random.Next(3) > 0 ? state.Version : 1 + random.Next((int)counter + 1);
            var (answer, value, version, next) = Apply(state, op.Kind, op.Argument, expected, () => counter += 1 + random.Next(3));
            if (applies && !(loseEveryNthWrite > 0 && op.Kind == CacheOpKind.Write && ++writes % loseEveryNthWrite == 0))
            {
                state = next;
            }

            history.Add(new CacheOp(op.Client, CacheHistory.Key, op.Kind, op.Argument, expected, op.Outcome,
                op.Outcome == Outcome.Ok ? answer : CacheAnswer.None, value, version, Ticks(op.Invoke),
                op.Outcome == Outcome.Indeterminate ? RunClock.Never : Ticks(op.Complete)));
        }

        var end = planned.Max(p => p.Complete) + 1;
        history.Add(new CacheOp(Checkers.Cache.CacheChecker.FinalReader, CacheHistory.Key, CacheOpKind.Read, 0, 0, Outcome.Ok,
            state.Exists ? CacheAnswer.Hit : CacheAnswer.Miss, state.Value, state.Exists ? state.Version : 0, Ticks(end), Ticks(end + 1)));
        return history;
    }

    private static (CacheAnswer Answer, long Value, long Version, (bool Exists, long Value, long Version) Next) Apply(
        (bool Exists, long Value, long Version) s, CacheOpKind kind, long argument, long expected, Func<long> nextVersion)
    {
        switch (kind)
        {
            case CacheOpKind.Read:
                return (s.Exists ? CacheAnswer.Hit : CacheAnswer.Miss, s.Value, s.Exists ? s.Version : 0, s);
            case CacheOpKind.Write:
                var written = nextVersion();
                return (s.Exists ? CacheAnswer.Replaced : CacheAnswer.Created, 0, written, (true, argument, written));
            case CacheOpKind.SetIfAbsent when !s.Exists:
            case CacheOpKind.CompareAndSet when s.Exists && s.Version == expected:
                var set = nextVersion();
                return (kind == CacheOpKind.SetIfAbsent ? CacheAnswer.Created : CacheAnswer.Replaced, 0, set, (true, argument, set));
            case CacheOpKind.SetIfAbsent:
            case CacheOpKind.CompareAndSet:
                return (CacheAnswer.PreconditionFailed, 0, s.Exists ? s.Version : 0, s);
            case CacheOpKind.Increment:
                var counted = nextVersion();
                var sum = (s.Exists ? s.Value : 0) + argument;
                return (CacheAnswer.Incremented, sum, counted, (true, sum, counted));
            default:
                return s.Exists ? (CacheAnswer.Deleted, 0, 0, (false, 0, s.Version)) : (CacheAnswer.NotFound, 0, 0, s);
        }
    }

    private static long Ticks(int time) => TimeSpan.FromMilliseconds(time).Ticks;
}
