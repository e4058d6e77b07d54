using System.Collections.Concurrent;
using System.Diagnostics;
using GrainSystem.Abstractions.Locking;
using GrainSystem.Client.Locking;
using GrainSystem.Grains.Locking;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace GrainSystem.Tests.Locking;

/// <summary>
/// Two silos whose locks read wall clocks 40 s apart: a lock taken over after a failover never has two holders with
/// overlapping leases. A cluster of its own: its silos' locks have clocks of their own.
/// </summary>
public sealed class LockClockSkewTests : IAsyncLifetime
{
    private static readonly ConcurrentDictionary<string, OffsetClock> Clocks = new();
    private readonly string _clusterTag = Guid.NewGuid().ToString("N");
    private readonly InProcessTestCluster _cluster;

    public LockClockSkewTests() => _cluster = TestClusters.Build(silos: 2,
        configureClientHost: host => host.Services.AddLockClient(),
        configureSilo: silo => silo.Services.AddKeyedSingleton<TimeProvider>(LockOptions.SectionName,
            (services, _) => ClockOf(services.GetRequiredService<ILocalSiloDetails>().Name)));

    public Task InitializeAsync() => _cluster.DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_silo_whose_clock_is_40_s_ahead_takes_a_lock_over_without_ending_its_lease_early()
    {
        var (behind, ahead) = (_cluster.Silos[0], _cluster.Silos[1]);
        ClockOf(ahead.Name).Offset = TimeSpan.FromSeconds(40);
        var lease = TimeSpan.FromSeconds(8);
        var name = LockTestNames.New("skew");
        var grain = _cluster.Client.GetGrain<ILockGrain>(name);

        // The lock lives on the silo whose clock is right, and grants its first holder there; that lease cannot have
        // started before the call was sent.
        LockAssert.Released(await grain.Release(LockAssert.Granted(
            await grain.Acquire(new LockAcquireRequest(Guid.NewGuid(), "warm-up", lease, TimeSpan.Zero))).Token));
        await _cluster.MigrateAsync(grain.GetGrainId(), behind.SiloAddress);
        var sent = Stopwatch.StartNew();
        var first = LockAssert.Granted(await grain.Acquire(new LockAcquireRequest(Guid.NewGuid(), "first", lease, TimeSpan.Zero)));
        Assert.Equal(behind.SiloAddress, await HostOfAsync(grain));

        // The lock's next activation (as after its silo's loss) is on the silo 40 s ahead, where the stored lease end
        // lies in the past.
        await _cluster.MigrateAsync(grain.GetGrainId(), ahead.SiloAddress);
        var locks = _cluster.Client.ServiceProvider.GetRequiredService<ILockClient>();
        var second = LockAssert.Granted(await locks.AcquireGrantAsync(name, "second", lease, TimeSpan.FromMinutes(1)));

        Assert.Equal(ahead.SiloAddress, await HostOfAsync(grain));
        Assert.True(sent.Elapsed >= lease, $"a second holder was granted {sent.Elapsed.TotalSeconds:0.0} s into an {lease.TotalSeconds:0} s lease");
        Assert.Equal(first.FencingToken + 1, second.FencingToken);
    }

    private ValueTask<SiloAddress?> HostOfAsync(ILockGrain grain) =>
        _cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);

    private OffsetClock ClockOf(string siloName) => Clocks.GetOrAdd($"{_clusterTag}/{siloName}", _ => new OffsetClock());
}
