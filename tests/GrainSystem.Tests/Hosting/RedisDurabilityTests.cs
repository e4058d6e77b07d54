using GrainSystem.Hosting;

namespace GrainSystem.Tests.Hosting;

/// <summary>Which Redis settings a silo refuses, each named in what it says.</summary>
public sealed class RedisDurabilityTests
{
    [Fact]
    public void Append_only_on_and_no_eviction_is_safe() =>
        Assert.Empty(RedisDurability.RisksOf("1", "noeviction"));

    [Theory]
    [InlineData("0")]
    [InlineData(null)]
    public void Append_only_off_is_a_risk_naming_appendonly(string? aofEnabled) =>
        Assert.Contains("appendonly yes", Assert.Single(RedisDurability.RisksOf(aofEnabled, "noeviction")), StringComparison.Ordinal);

    [Theory]
    [InlineData("allkeys-lru")]
    [InlineData("allkeys-lfu")]
    [InlineData("allkeys-random")]
    [InlineData("volatile-lru")]
    [InlineData("volatile-lfu")]
    [InlineData("volatile-random")]
    [InlineData("volatile-ttl")]
    [InlineData(null)]
    public void An_evicting_policy_is_a_risk_naming_maxmemory_policy(string? policy) =>
        Assert.Contains("maxmemory-policy noeviction", Assert.Single(RedisDurability.RisksOf("1", policy)), StringComparison.Ordinal);

    [Fact]
    public void Both_risks_are_named_at_once() => Assert.Equal(2, RedisDurability.RisksOf("0", "allkeys-lru").Count);
}
