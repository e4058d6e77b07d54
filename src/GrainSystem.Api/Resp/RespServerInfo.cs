using System.Reflection;

namespace GrainSystem.Api.Resp;

/// <summary>What the endpoint says about itself in HELLO and INFO.</summary>
internal static class RespServerInfo
{
    /// <summary>
    /// The Redis version whose commands and replies the endpoint follows; clients read it to decide which commands
    /// they may send (SET … GET needs 6.2, CLIENT SETINFO 7.2).
    /// </summary>
    public const string RedisVersion = "7.2.0";

    /// <summary>GrainSystem's own version (INFO's <c>grainsystem_version</c>).</summary>
    public static string ProductVersion { get; } =
        typeof(RespServerInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
