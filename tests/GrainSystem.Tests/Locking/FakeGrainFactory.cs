using System.Reflection;
using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Tests.Locking;

/// <summary>An <see cref="IGrainFactory"/> whose every lock is one <see cref="ILockGrain"/> given by the test.</summary>
/// <remarks>Not sealed and public: <see cref="DispatchProxy"/> derives a class from it.</remarks>
public class FakeGrainFactory : DispatchProxy
{
    private ILockGrain _grain = null!;

    internal static IGrainFactory For(ILockGrain grain)
    {
        var factory = Create<IGrainFactory, FakeGrainFactory>();
        ((FakeGrainFactory)(object)factory)._grain = grain;
        return factory;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        targetMethod is { Name: nameof(IGrainFactory.GetGrain) } && targetMethod.ReturnType == typeof(ILockGrain)
            ? _grain
            : throw new NotSupportedException(targetMethod?.Name);
}
