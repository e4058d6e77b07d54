using Microsoft.Extensions.DependencyInjection;

namespace GrainSystem.Grains.Jobs.Operations;

/// <summary>Registration of chunk operations.</summary>
public static class ChunkOperationServiceCollectionExtensions
{
    /// <summary>Registers <typeparamref name="T"/> as a chunk operation (a singleton), under its <see cref="IChunkOperation.Name"/>.</summary>
    public static IServiceCollection AddChunkOperation<T>(this IServiceCollection services) where T : class, IChunkOperation =>
        services.AddSingleton<IChunkOperation, T>();
}
