using System.ComponentModel.DataAnnotations;

namespace GrainSystem.Hosting;

/// <summary>
/// How fast a dead or hung silo is declared dead and its grains move (section <c>Orleans:Failover</c>).
/// Orleans' defaults take 15–110 s; these take seconds. The price: a silo that stalls longer than
/// <see cref="ProbeTimeout"/> × <see cref="NumMissedProbesLimit"/> (a long GC pause, a starved VM)
/// is evicted and must restart, so raise them on machines with long pauses.
/// </summary>
public sealed class FailoverOptions : IValidatableObject
{
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 10)]
    public int NumMissedProbesLimit { get; set; } = 2;

    /// <summary>Upper bound of the adaptive probe timeout; keeps hung-silo detection short.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan MaxProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// When true, a survivor that recently exchanged traffic with a silo withholds its death vote; a hung
    /// (SIGSTOP) silo whose sockets stay open then takes a minute or more to evict.
    /// </summary>
    public bool EnableConnectionLivenessCheck { get; set; }

    /// <summary>Bound on every grain call from clients and between silos.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a client re-reads the gateway list and drops dead gateways.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Dead silo rows older than this are removed from the membership table.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "7.00:00:00")]
    public TimeSpan DefunctSiloExpiration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The least time between two removals of expired dead rows. A removal runs only when a silo reads the membership
    /// table (a membership change, or <see cref="TableRefreshTimeout"/>), so this bounds how often, not when.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan DefunctSiloCleanupPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often each silo re-reads the membership table when nothing changes (one read per silo per period). With
    /// no membership change after a death, a dead row waits for such a read to be removed: at most
    /// <see cref="DefunctSiloMinimumRetention"/> (or the expiration) plus this period after the death.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Dead rows younger than this are kept whatever <see cref="DefunctSiloExpiration"/> says, so a silo whose
    /// join was delayed still learns it was declared dead. Must not exceed the expiration.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "7.00:00:00")]
    public TimeSpan DefunctSiloMinimumRetention { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DefunctSiloMinimumRetention > DefunctSiloExpiration)
        {
            yield return new ValidationResult(
                $"must not exceed {nameof(DefunctSiloExpiration)} ({DefunctSiloExpiration})", [nameof(DefunctSiloMinimumRetention)]);
        }

        if (MaxProbeTimeout < ProbeTimeout)
        {
            yield return new ValidationResult(
                $"must be at least {nameof(ProbeTimeout)} ({ProbeTimeout})", [nameof(MaxProbeTimeout)]);
        }
    }
}
