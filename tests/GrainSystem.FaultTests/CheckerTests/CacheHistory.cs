using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.CheckerTests;

/// <summary>Cache operations on one key written compactly, times in seconds, for the checker tests.</summary>
internal static class CacheHistory
{
    public const string Key = "k";

    public static long T(double seconds) => TimeSpan.FromSeconds(seconds).Ticks;

    public static CacheOp Op(int client, CacheOpKind kind, double from, double to, CacheAnswer answer, long argument = 0, long value = 0,
        long version = 0, long expected = 0, Outcome outcome = Outcome.Ok) =>
        new(client, Key, kind, argument, expected, outcome, outcome == Outcome.Ok ? answer : CacheAnswer.None, value, version, T(from),
            outcome == Outcome.Indeterminate ? RunClock.Never : T(to));

    public static CacheOp Write(int client, long value, double from, double to, long version, bool created = false) =>
        Op(client, CacheOpKind.Write, from, to, created ? CacheAnswer.Created : CacheAnswer.Replaced, argument: value, version: version);

    public static CacheOp WriteUnknown(int client, long value, double from) =>
        Op(client, CacheOpKind.Write, from, 0, CacheAnswer.None, argument: value, outcome: Outcome.Indeterminate);

    public static CacheOp Read(int client, double from, double to, long value, long version) =>
        Op(client, CacheOpKind.Read, from, to, CacheAnswer.Hit, value: value, version: version);

    public static CacheOp Miss(int client, double from, double to) => Op(client, CacheOpKind.Read, from, to, CacheAnswer.Miss);

    public static CacheOp FinalRead(double from, double to, long value, long version) => Read(Checkers.Cache.CacheChecker.FinalReader, from, to, value, version);

    public static CacheOp Increment(int client, long by, double from, double to, long value, long version) =>
        Op(client, CacheOpKind.Increment, from, to, CacheAnswer.Incremented, argument: by, value: value, version: version);

    public static CacheOp IncrementWith(Outcome outcome, int client, long by, double from, double to) =>
        Op(client, CacheOpKind.Increment, from, to, CacheAnswer.None, argument: by, outcome: outcome);

    public static CacheOp CompareAndSet(int client, long expected, long value, double from, double to, long version) =>
        Op(client, CacheOpKind.CompareAndSet, from, to, CacheAnswer.Replaced, argument: value, version: version, expected: expected);

    public static CacheOp CompareAndSetFailed(int client, long expected, long value, double from, double to, long current) =>
        Op(client, CacheOpKind.CompareAndSet, from, to, CacheAnswer.PreconditionFailed, argument: value, version: current, expected: expected);

    public static CacheOp SetIfAbsent(int client, long value, double from, double to, long version) =>
        Op(client, CacheOpKind.SetIfAbsent, from, to, CacheAnswer.Created, argument: value, version: version);

    public static CacheOp SetIfAbsentFailed(int client, long value, double from, double to, long current) =>
        Op(client, CacheOpKind.SetIfAbsent, from, to, CacheAnswer.PreconditionFailed, argument: value, version: current);

    public static CacheOp Delete(int client, double from, double to, bool found = true) =>
        Op(client, CacheOpKind.Delete, from, to, found ? CacheAnswer.Deleted : CacheAnswer.NotFound);
}
