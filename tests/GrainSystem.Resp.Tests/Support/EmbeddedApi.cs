using GrainSystem.Testing;

namespace GrainSystem.Resp.Tests.Support;

/// <summary>The API process in embedded mode (co-hosted silo, memory only), without API keys.</summary>
public sealed class EmbeddedApi : RespTarget, IAsyncLifetime
{
    private ApiProcess? _api;
    private HttpClient? _http;

    public override int RespPort => _api!.RespPort;

    public override HttpClient Http => _http!;

    public override string? Password => null;

    public ApiProcess Process => _api!;

    public async Task InitializeAsync()
    {
        _api = await ApiProcess.StartReadyAsync("resp-embedded", new Dictionary<string, string?>
        {
            ["Orleans__SiloPort"] = FreePort.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePort.Next().ToString(),
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        }, TimeSpan.FromSeconds(60));
        _http = new HttpClient { BaseAddress = _api.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedApiCollection : ICollectionFixture<EmbeddedApi>
{
    public const string Name = "RESP on the embedded API";
}
