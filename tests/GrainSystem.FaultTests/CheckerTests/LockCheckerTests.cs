using GrainSystem.FaultTests.Checkers.Locks;
using GrainSystem.FaultTests.History;
using static GrainSystem.FaultTests.CheckerTests.CacheHistory;

namespace GrainSystem.FaultTests.CheckerTests;

public sealed class LockCheckerTests
{
    private const string Lock = "l";

    private static LockOp Acquire(int client, string token, double from, double to, long fencing, double lease = 10) =>
        new(client, Lock, LockOpKind.Acquire, token, TimeSpan.FromSeconds(lease), Outcome.Ok, LockAnswer.Granted, fencing, T(from), T(to));

    private static LockOp Renew(int client, string token, double from, double to, bool renewed = true, double lease = 10) =>
        new(client, Lock, LockOpKind.Renew, token, TimeSpan.FromSeconds(lease), Outcome.Ok, renewed ? LockAnswer.Renewed : LockAnswer.NotOwner, 0, T(from), T(to));

    private static LockOp Release(int client, string token, double from, double to, bool released = true) =>
        new(client, Lock, LockOpKind.Release, token, TimeSpan.Zero, Outcome.Ok, released ? LockAnswer.Released : LockAnswer.NotOwner, 0, T(from), T(to));

    private static LockFinal Final(bool held, long fencing) => new(Lock, held, held ? "someone" : null, fencing, T(100));

    public static TheoryData<string, LockOp[], LockFinal[]> BrokenSystems => new()
    {
        { "a second holder while the first holder's lease runs (a clock ahead after failover)", [
            Acquire(1, "a", 0, 1, 1, lease: 20), Acquire(2, "b", 12, 13, 2), Release(2, "b", 14, 15), Release(1, "a", 16, 17)], [] },
        { "a second holder while the first one's renewed lease runs", [
            Acquire(1, "a", 0, 1, 1, lease: 5), Renew(1, "a", 3, 4), Acquire(2, "b", 7, 8, 2)], [] },
        { "a fencing token that goes back", [
            Acquire(1, "a", 0, 1, 5), Release(1, "a", 2, 3), Acquire(2, "b", 4, 5, 4)], [] },
        { "a fencing token given twice", [
            Acquire(1, "a", 0, 1, 5, lease: 2), Acquire(2, "b", 4, 5, 5)], [] },
        { "a renewal refused while the lease still runs", [
            Acquire(1, "a", 0, 1, 1), Renew(1, "a", 2, 3, renewed: false)], [] },
        { "a release refused while the lease still runs", [
            Acquire(1, "a", 0, 1, 1), Release(1, "a", 2, 3, released: false)], [] },
        { "a lock still held after every lease ended", [
            Acquire(1, "a", 0, 1, 1, lease: 5)], [Final(held: true, 1)] },
        { "a fencing counter lower at the end than granted", [
            Acquire(1, "a", 0, 1, 7), Release(1, "a", 2, 3)], [Final(held: false, 3)] },
    };

    public static TheoryData<string, LockOp[], LockFinal[]> CorrectSystems => new()
    {
        { "grants one after another, released, tokens growing", [
            Acquire(1, "a", 0, 1, 1), Release(1, "a", 2, 3), Acquire(2, "b", 2.5, 4, 2), Release(2, "b", 5, 6)], [Final(false, 2)] },
        { "a lease that ran out before the next grant", [
            Acquire(1, "a", 0, 1, 1, lease: 2), Acquire(2, "b", 3, 4, 2), Renew(1, "a", 5, 6, renewed: false)], [Final(false, 2)] },
        { "the same grant answered twice to a retried acquire", [
            Acquire(1, "a", 0, 1, 1), Acquire(1, "a", 0, 2, 1), Release(1, "a", 3, 4)], [] },
        { "a release refused after the holder released once already", [
            Acquire(1, "a", 0, 1, 1), Release(1, "a", 2, 3), Release(1, "a", 4, 5, released: false)], [] },
        { "concurrent acquires: either may get the smaller token", [
            Acquire(1, "a", 0, 3, 2, lease: 1), Acquire(2, "b", 0, 1, 1, lease: 1)], [] },
    };

    [Theory]
    [MemberData(nameof(BrokenSystems))]
    public void A_history_of_a_broken_lock_is_rejected(string broken, LockOp[] history, LockFinal[] finals) =>
        Assert.True(LockChecker.Check(history, finals).Anomalies.Count > 0, $"accepted: {broken}");

    [Theory]
    [MemberData(nameof(CorrectSystems))]
    public void A_history_of_a_correct_lock_is_accepted(string correct, LockOp[] history, LockFinal[] finals)
    {
        var result = LockChecker.Check(history, finals);

        Assert.True(result.Anomalies.Count == 0, $"{correct}: {result}");
    }
}
