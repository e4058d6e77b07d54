using System.ComponentModel.DataAnnotations;

namespace GrainSystem.Hosting;

/// <summary>
/// Cluster identity and network endpoints of a silo (section <c>Orleans</c>), read while the host is being built;
/// the rules beyond each field's own are in <see cref="OrleansHostingOptionsValidator"/>.
/// </summary>
public sealed class OrleansHostingOptions
{
    public const string SectionName = "Orleans";

    private const string IdPattern = "^[A-Za-z0-9_.-]{1,64}$";

    [Required(ErrorMessage = "Orleans:ClusterId (Orleans__ClusterId) is required.")]
    [RegularExpression(IdPattern, ErrorMessage = "Orleans:ClusterId (Orleans__ClusterId) must be 1 to 64 letters, digits, '_', '.' or '-'.")]
    public string ClusterId { get; set; } = "grainsystem";

    [Required(ErrorMessage = "Orleans:ServiceId (Orleans__ServiceId) is required.")]
    [RegularExpression(IdPattern, ErrorMessage = "Orleans:ServiceId (Orleans__ServiceId) must be 1 to 64 letters, digits, '_', '.' or '-'.")]
    public string ServiceId { get; set; } = "grainsystem";

    [Range(1, 65535, ErrorMessage = "Orleans:SiloPort (Orleans__SiloPort) must be between {1} and {2}.")]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535, ErrorMessage = "Orleans:GatewayPort (Orleans__GatewayPort) must be between {1} and {2}.")]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address the silo and gateway listen on: loopback by default, <c>0.0.0.0</c> in containers.</summary>
    [Required(ErrorMessage = "Orleans:ListenAddress (Orleans__ListenAddress) is required.")]
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Address (or host name, resolved at start) other silos and clients use to reach this silo.</summary>
    [Required(ErrorMessage = "Orleans:AdvertisedAddress (Orleans__AdvertisedAddress) is required.")]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
}
