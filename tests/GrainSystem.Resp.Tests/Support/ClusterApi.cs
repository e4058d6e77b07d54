using GrainSystem.Testing;

namespace GrainSystem.Resp.Tests.Support;

/// <summary>Cluster mode: a private redis-server, one silo process and the API process as its Orleans client, with an API key.</summary>
public sealed class ClusterApi : RespTarget, IAsyncLifetime
{
    public const string ApiKey = "resp-test-key";

    private readonly Deployment _deployment = new();
    private HttpClient? _http;

    public override int RespPort => _deployment.ApiRespPort;

    public override HttpClient Http => _http!;

    public override string? Password => ApiKey;

    public async Task InitializeAsync()
    {
        _deployment.Settings["Api__ApiKeys__0"] = ApiKey;
        await _deployment.StartAsync();
        _http = new HttpClient { BaseAddress = _deployment.ApiAddress, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        await _deployment.DisposeAsync();
    }

    private sealed class Deployment : ClusterDeployment
    {
        public override int SiloCount => 1;
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterApiCollection : ICollectionFixture<ClusterApi>
{
    public const string Name = "RESP on the API of a Redis cluster";
}
