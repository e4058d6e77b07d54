using System.Diagnostics.CodeAnalysis;
using GrainSystem.Abstractions.Jobs;

namespace GrainSystem.Grains.Jobs.Operations;

/// <summary>The registered operations by name (each silo builds its own from DI; all silos register the same ones).</summary>
public sealed class ChunkOperationCatalog
{
    private readonly Dictionary<string, IChunkOperation> _operations = new(StringComparer.Ordinal);

    public ChunkOperationCatalog(IEnumerable<IChunkOperation> operations)
    {
        foreach (var operation in operations)
        {
            if (!_operations.TryAdd(operation.Name, operation))
            {
                throw new InvalidOperationException(
                    $"Two chunk operations are registered as '{operation.Name}': {_operations[operation.Name].GetType()} and {operation.GetType()}.");
            }
        }

        Infos = _operations.Values
            .OrderBy(o => o.Name, StringComparer.Ordinal)
            .Select(o => new OperationInfo(o.Name, o.Description, o.Reduces))
            .ToArray();
        Names = Infos.Select(o => o.Name).ToArray();
    }

    public IReadOnlyList<OperationInfo> Infos { get; }

    public IReadOnlyList<string> Names { get; }

    public bool TryGet(string name, [NotNullWhen(true)] out IChunkOperation? operation) =>
        _operations.TryGetValue(name, out operation);
}
