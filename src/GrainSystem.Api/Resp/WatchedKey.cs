namespace GrainSystem.Api.Resp;

/// <summary>A key WATCH recorded, with the version it had then (0 = absent).</summary>
internal sealed record WatchedKey(string Key, int Partition, long Version);
