using GrainSystem.FaultTests.Checkers;
using GrainSystem.FaultTests.Checkers.Liveness;
using GrainSystem.FaultTests.History;
using static GrainSystem.FaultTests.CheckerTests.CacheHistory;

namespace GrainSystem.FaultTests.CheckerTests;

public sealed class LivenessCheckerTests
{
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(5);

    private static RequestRecord Request(double seconds, int status, bool retryAfter = true, double allowance = 0) =>
        new(Features.Cache, "PUT /cache/k", 0, T(seconds), status, null, retryAfter, null, TimeSpan.FromSeconds(allowance));

    public static TheoryData<string, RequestRecord> BrokenSystems => new()
    {
        { "a request hung past the response timeout plus 1 s", Request(6.5, 503) },
        { "a request with no answer at all for 30 s", Request(30, 0) },
        { "a 500 (an argument error escaping a grain)", Request(0.1, 500) },
        { "a 502", Request(0.1, 502) },
        { "a 503 without Retry-After", Request(0.1, 503, retryAfter: false) },
    };

    [Theory]
    [MemberData(nameof(BrokenSystems))]
    public void A_broken_request_is_rejected(string broken, RequestRecord request) =>
        Assert.True(LivenessChecker.Check([request], ResponseTimeout).Anomalies.Count > 0, $"accepted: {broken}");

    [Fact]
    public void Answers_within_the_bound_and_waits_asked_for_are_accepted()
    {
        var result = LivenessChecker.Check([Request(5.9, 503), Request(0.1, 200), Request(12, 409, allowance: 10), Request(0.2, 404)], ResponseTimeout);

        Assert.Empty(result.Anomalies);
    }

    [Fact]
    public void A_feature_that_never_answers_after_the_heal_is_an_anomaly_and_recovery_is_measured()
    {
        var window = new FaultWindow("kill", T(0), T(1), T(5), T(20));
        var successes = new[]
        {
            new FeatureSuccess(Features.Cache, T(0.5), T(0.9)),
            new FeatureSuccess(Features.Cache, T(6), T(7)),
            new FeatureSuccess(Features.Locks, T(0.5), T(0.9)),
        };
        var result = new CheckResult("liveness");

        var stats = LivenessChecker.Windows([window], successes, [Features.Cache, Features.Locks], result);

        var cache = stats.Single(s => s.Feature == Features.Cache);
        Assert.Equal((TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(2)), (cache.LongestUnavailability, cache.Recovery));
        Assert.Null(stats.Single(s => s.Feature == Features.Locks).Recovery);
        Assert.Single(result.Anomalies, a => a.Feature == Features.Locks && a.Check == "recovers");
    }
}
