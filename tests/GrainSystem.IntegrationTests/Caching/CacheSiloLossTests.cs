using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GrainSystem.Testing;

namespace GrainSystem.IntegrationTests.Caching;

/// <summary>Kills a silo: its own cluster (a class fixture is per class), so no other test sees the loss.</summary>
public sealed class CacheSiloLossTests(CacheProcessCluster cluster) : IClassFixture<CacheProcessCluster>
{
    [Fact]
    public async Task An_acknowledged_write_survives_SIGKILL_of_the_silo_hosting_its_partition()
    {
        var key = $"survivor-{Guid.NewGuid():N}";
        var put = await cluster.Http.PutAsync($"/cache/{key}", Text("durable"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        var host = await cluster.SiloHostingAsync(cluster.GrainFor(key));
        host.Process.Kill();

        string? read = null;
        await Poll.UntilAsync(async () =>
        {
            var response = await cluster.Http.GetAsync($"/cache/{key}");
            read = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
            return read is not null;
        }, TimeSpan.FromSeconds(60), "the key to be readable through the surviving silo", TimeSpan.FromMilliseconds(250));
        Assert.Equal("durable", read);

        var survivor = await cluster.SiloHostingAsync(cluster.GrainFor(key));
        Assert.NotEqual(host.Name, survivor.Name);
        var again = await cluster.Http.PutAsync($"/cache/{key}", Text("after failover"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(long.Parse(again.Headers.ETag!.Tag.Trim('"')) > long.Parse(put.Headers.ETag!.Tag.Trim('"')));
    }

    private static ByteArrayContent Text(string value)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(value));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        return content;
    }
}
