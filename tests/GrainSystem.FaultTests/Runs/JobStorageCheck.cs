using System.Net;
using GrainSystem.FaultTests.Checkers;
using GrainSystem.FaultTests.Cluster;
using GrainSystem.FaultTests.History;
using GrainSystem.FaultTests.Workload;

namespace GrainSystem.FaultTests.Runs;

/// <summary>
/// Finds what finished jobs left in Redis once their retention ended: every completed job submitted long enough ago
/// (retention plus two expiry checks) that answers 404 must have no key naming its id.
/// </summary>
public static class JobStorageCheck
{
    /// <summary>How long after its submission a short job's stored data must be gone.</summary>
    public static readonly TimeSpan ExpiredAfter = FaultSettings.JobRetention + (2 * FaultSettings.JobResumeCheck) + TimeSpan.FromSeconds(20);

    /// <summary>How long a job that answered 404 may take to delete what it stored.</summary>
    public static readonly TimeSpan DeletionGrace = TimeSpan.FromSeconds(10);

    public static async Task<IReadOnlyList<JobStorage>> FindLeftoversAsync(FaultCluster cluster, ApiClient api, IEnumerable<JobRecord> jobs)
    {
        var leftovers = new List<JobStorage>();
        var now = api.History.Clock.Now;
        foreach (var job in jobs.Where(j => j.FinalState == "Completed" && now - j.Complete > ExpiredAfter.Ticks))
        {
            var status = await api.SendAsync(Features.Jobs, "GET /jobs", () => new HttpRequestMessage(HttpMethod.Get, $"/jobs/{job.Id}"));
            if (!status.Is(HttpStatusCode.NotFound))
            {
                continue;
            }

            // A job whose retention ended answers 404 at once and deletes its data in the background (result log, spec,
            // then its record): what is still there a while after the 404 is left over.
            var keys = await KeysAsync(cluster, job.Id!);
            var deadline = DateTime.UtcNow + DeletionGrace;
            while (keys.Count > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
                keys = await KeysAsync(cluster, job.Id!);
            }

            if (keys.Count > 0)
            {
                leftovers.Add(new JobStorage(job.Id!, keys, api.History.Clock.Now));
            }
        }

        return leftovers;
    }

    private static async Task<List<string>> KeysAsync(FaultCluster cluster, string jobId)
    {
        var keys = new List<string>();
        await foreach (var key in cluster.Redis.Server.KeysAsync(pattern: $"*{jobId}*"))
        {
            keys.Add(key.ToString());
        }

        return keys;
    }
}
