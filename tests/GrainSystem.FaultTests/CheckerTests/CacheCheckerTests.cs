using GrainSystem.FaultTests.Checkers.Cache;
using GrainSystem.FaultTests.History;
using static GrainSystem.FaultTests.CheckerTests.CacheHistory;

namespace GrainSystem.FaultTests.CheckerTests;

public sealed class CacheCheckerTests
{
    public static TheoryData<string, CacheOp[]> BrokenSystems => new()
    {
        { "a read after a newer write completed returns the older value", [
            Write(1, 10, 0, 1, 1, created: true), Write(2, 20, 2, 3, 2), Read(3, 4, 5, 10, 1)] },
        { "an acknowledged write is gone on the final read", [
            Write(1, 10, 0, 1, 5, created: true), Op(CacheChecker.FinalReader, CacheOpKind.Read, 4, 5, CacheAnswer.Miss)] },
        { "an increment refused with 'nothing changed' counted after all (a retry counts twice)", [
            Increment(1, 1, 0, 1, 1, 1), IncrementWith(Outcome.Failed, 1, 1, 2, 3), Read(2, 4, 5, 2, 2)] },
        { "a version goes back", [
            Write(1, 10, 0, 1, 10, created: true), Write(1, 20, 2, 3, 3)] },
        { "two compare-and-sets on one version both win", [
            Write(1, 10, 0, 1, 1, created: true), CompareAndSet(2, 1, 20, 2, 4, 2), CompareAndSet(3, 1, 30, 2, 4, 3)] },
        { "two set-if-absent both create", [
            SetIfAbsent(1, 10, 0, 2, 1), SetIfAbsent(2, 20, 0, 2, 2)] },
        { "a read returns a value nobody wrote", [
            Write(1, 10, 0, 1, 1, created: true), Read(2, 2, 3, 42, 1)] },
        { "a deleted value comes back", [
            Write(1, 10, 0, 1, 1, created: true), Delete(1, 2, 3), Read(2, 4, 5, 10, 1)] },
        { "a write to an existing key says it created it", [
            Write(1, 10, 0, 1, 1, created: true), Write(2, 20, 2, 3, 2, created: true)] },
        { "a set-if-absent refused for its own write, which landed", [
            SetIfAbsentFailed(1, 10, 0, 3, 1), Read(2, 4, 5, 10, 1)] },
        { "an increment adds twice", [
            Increment(1, 5, 0, 1, 5, 1), Increment(1, 5, 2, 3, 15, 2)] },
        { "a compare-and-set reports a failed condition at the version it expected", [
            Write(1, 10, 0, 1, 1, created: true), CompareAndSetFailed(2, 1, 20, 2, 3, 1)] },
        { "a delete of a present key finds nothing", [
            Write(1, 10, 0, 1, 1, created: true), Delete(2, 2, 3, found: false)] },
        { "a write is visible before it was invoked", [
            Read(1, 0, 1, 10, 1), Write(2, 10, 2, 3, 1, created: true)] },
    };

    public static TheoryData<string, CacheOp[]> CorrectSystems => new()
    {
        { "a read concurrent with a write sees the old value", [
            Write(1, 10, 0, 1, 1, created: true), Write(2, 20, 2, 5, 2), Read(3, 3, 4, 10, 1), Read(3, 6, 7, 20, 2)] },
        { "a read concurrent with a write sees the new value, a later one too", [
            Write(1, 10, 0, 1, 1, created: true), Write(2, 20, 2, 5, 2), Read(3, 3, 4, 20, 2), Read(3, 6, 7, 20, 2)] },
        { "a write of unknown outcome shows up later with a version nobody saw", [
            Write(1, 10, 0, 1, 1, created: true), WriteUnknown(2, 20, 2), Read(3, 8, 9, 20, 7)] },
        { "a write of unknown outcome never shows up", [
            Write(1, 10, 0, 1, 1, created: true), WriteUnknown(2, 20, 2), Read(3, 8, 9, 10, 1)] },
        { "an increment of unknown outcome took effect", [
            Increment(1, 1, 0, 1, 1, 1), IncrementWith(Outcome.Indeterminate, 1, 1, 2, 0), Increment(2, 1, 5, 6, 3, 9)] },
        { "a refused write never shows", [
            Write(1, 10, 0, 1, 1, created: true), Op(2, CacheOpKind.Write, 2, 3, CacheAnswer.None, argument: 20, outcome: Outcome.Failed),
            FinalRead(5, 6, 10, 1)] },
        { "one of two concurrent compare-and-sets wins, the other sees its version", [
            Write(1, 10, 0, 1, 1, created: true), CompareAndSet(2, 1, 20, 2, 4, 2), CompareAndSetFailed(3, 1, 30, 2, 4, 2)] },
        { "versions grow across a delete; set-if-absent creates again", [
            Write(1, 10, 0, 1, 4, created: true), Delete(2, 2, 3), Miss(3, 4, 5), SetIfAbsent(1, 11, 6, 7, 9),
            SetIfAbsentFailed(2, 12, 8, 9, 9), FinalRead(10, 11, 11, 9)] },
        { "an increment of an absent key starts from 0", [
            Increment(1, 3, 0, 1, 3, 1), Write(2, 100, 2, 3, 2), Increment(1, -1, 4, 5, 99, 3)] },
    };

    [Theory]
    [MemberData(nameof(BrokenSystems))]
    public void A_history_of_a_broken_cache_is_rejected(string broken, CacheOp[] history)
    {
        var result = CacheChecker.Check(history);

        Assert.True(result.Anomalies.Count > 0, $"accepted: {broken}");
        Assert.Empty(result.Unknown);
    }

    [Theory]
    [MemberData(nameof(CorrectSystems))]
    public void A_history_of_a_correct_cache_is_accepted(string correct, CacheOp[] history)
    {
        var result = CacheChecker.Check(history);

        Assert.True(result.Anomalies.Count == 0, $"{correct}: {result}");
    }

    [Fact]
    public void The_lost_write_is_named_as_such()
    {
        var result = CacheChecker.Check([Write(1, 10, 0, 1, 5, created: true), Op(CacheChecker.FinalReader, CacheOpKind.Read, 4, 5, CacheAnswer.Miss)]);

        Assert.Contains(result.Anomalies, a => a.Check == "no acknowledged write lost");
    }

    [Fact]
    public void Histories_of_a_simulated_correct_cache_with_unknown_outcomes_are_linearizable()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var history = SimulatedCache.Run(seed, clients: 5, operations: 300);

            var result = CacheChecker.Check(history);

            Assert.True(result.Anomalies.Count == 0 && result.Unknown.Count == 0, $"seed {seed}: {result}");
        }
    }

    [Fact]
    public void Histories_of_a_simulated_cache_that_loses_acknowledged_writes_are_rejected()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var history = SimulatedCache.Run(seed, clients: 5, operations: 300, loseEveryNthWrite: 7);

            var result = CacheChecker.Check(history);

            Assert.True(result.Anomalies.Count > 0, $"seed {seed}: the lost writes went unnoticed");
        }
    }

    [Fact]
    public void A_search_that_exceeds_its_bound_is_undecided_not_passed()
    {
        var history = SimulatedCache.Run(1, clients: 8, operations: 400);

        var result = CacheChecker.Check(history, maxStepsPerKey: 10);

        Assert.Empty(result.Anomalies);
        Assert.Single(result.Unknown);
    }
}
