using System.Net;
using Microsoft.Extensions.Options;

namespace GrainSystem.Api.Resp;

/// <summary>Checks what the range attributes of <see cref="RespOptions"/> cannot: the listen address is an IP address.</summary>
internal sealed class RespOptionsValidator : IValidateOptions<RespOptions>
{
    public ValidateOptionsResult Validate(string? name, RespOptions options) =>
        IPAddress.TryParse(options.ListenAddress, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Resp:ListenAddress (Resp__ListenAddress) must be an IP address (127.0.0.1, ::1, 0.0.0.0 for every interface), not '{options.ListenAddress}'.");
}
