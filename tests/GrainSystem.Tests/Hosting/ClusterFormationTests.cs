using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace GrainSystem.Tests.Hosting;

[Collection(ClusterCollection.Name)]
public sealed class ClusterFormationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Both_silos_of_the_shared_cluster_are_active()
    {
        var hosts = await fixture.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(2, hosts.Count);
    }

    [Fact]
    public void Grain_state_is_stored_as_plain_json_that_survives_renaming_the_state_class()
    {
        var silo = fixture.Cluster.Silos[0];
        var serializer = fixture.Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<IGrainStorageSerializer>();

        var stored = serializer.Serialize(new OriginalState { Name = "orders", Count = 42, Tags = ["a", "b"] });
        var json = Encoding.UTF8.GetString(stored.ToArray());

        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(OriginalState), json, StringComparison.Ordinal);
        Assert.DoesNotContain("GrainSystem.Tests", json, StringComparison.Ordinal);

        var read = serializer.Deserialize<RenamedState>(stored)!;
        Assert.Equal("orders", read.Name);
        Assert.Equal(42, read.Count);
        Assert.Equal(["a", "b"], read.Tags);
    }

    public sealed class OriginalState
    {
        public string Name { get; set; } = "";
        public int Count { get; set; }
        public List<string> Tags { get; set; } = [];
    }

    public sealed class RenamedState
    {
        public string Name { get; set; } = "";
        public int Count { get; set; }
        public List<string> Tags { get; set; } = [];
    }
}
