using Microsoft.Extensions.Options;

namespace GrainSystem.Hosting;

/// <summary>The address rules of <see cref="OrleansHostingOptions"/>: what the attributes cannot say.</summary>
public sealed class OrleansHostingOptionsValidator : IValidateOptions<OrleansHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, OrleansHostingOptions options)
    {
        var failures = new List<string>();
        if (options.ListenAddress is { } listen && !System.Net.IPAddress.TryParse(listen, out _))
        {
            failures.Add("Orleans:ListenAddress (Orleans__ListenAddress) must be an IP address (0.0.0.0 for all interfaces).");
        }

        if (options.AdvertisedAddress is { } advertised && Uri.CheckHostName(advertised) == UriHostNameType.Unknown)
        {
            failures.Add("Orleans:AdvertisedAddress (Orleans__AdvertisedAddress) must be an IP address or a host name.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
