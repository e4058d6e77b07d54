using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GrainSystem.Grains.Jobs.Operations;

/// <summary><c>sha256</c>: the lowercase hex SHA-256 of each string's UTF-8 bytes.</summary>
public sealed class Sha256Operation : ItemOperation
{
    public override string Name => "sha256";

    public override string Description => "Hashes each string (UTF-8) with SHA-256, as lowercase hex.";

    protected override JsonNode? Map(JsonElement item, ChunkContext context) =>
        JsonValue.Create(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonItems.String(item)))));
}
