using System.ComponentModel.DataAnnotations;

namespace GrainSystem.Hosting;

/// <summary>Cluster identity and network endpoints of a silo (section <c>Orleans</c>).</summary>
public sealed class OrleansHostingOptions : IValidatableObject
{
    public const string SectionName = "Orleans";

    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string ClusterId { get; set; } = "grainsystem";

    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string ServiceId { get; set; } = "grainsystem";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address the silo and gateway listen on: loopback by default, <c>0.0.0.0</c> in containers.</summary>
    [Required]
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Address (or host name, resolved at start) other silos and clients use to reach this silo.</summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    public FailoverOptions Failover { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!System.Net.IPAddress.TryParse(ListenAddress, out _))
        {
            yield return new ValidationResult("must be an IP address (0.0.0.0 for all interfaces)", [nameof(ListenAddress)]);
        }

        if (Uri.CheckHostName(AdvertisedAddress) == UriHostNameType.Unknown)
        {
            yield return new ValidationResult("must be an IP address or a host name", [nameof(AdvertisedAddress)]);
        }
    }
}
