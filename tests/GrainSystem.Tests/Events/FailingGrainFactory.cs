using System.Reflection;
using GrainSystem.Abstractions.Events;

namespace GrainSystem.Tests.Events;

/// <summary>
/// An <see cref="IGrainFactory"/> that passes everything to a real one, except that the topic directory's
/// <c>Match</c> and topics' <c>ReadAfter</c> fail a chosen number of times first (as during a failover).
/// </summary>
public class FailingGrainFactory : DispatchProxy
{
    private IGrainFactory _inner = null!;
    private int _failuresLeft;

    public int Failed { get; private set; }

    public static (IGrainFactory Factory, FailingGrainFactory Control) Create(IGrainFactory inner, int failures)
    {
        var factory = Create<IGrainFactory, FailingGrainFactory>();
        var control = (FailingGrainFactory)(object)factory;
        control._inner = inner;
        control._failuresLeft = failures;
        return (factory, control);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var result = targetMethod!.Invoke(_inner, args);
        return result switch
        {
            ITopicDirectoryGrain directory => FailingGrain<ITopicDirectoryGrain>.Wrap(directory, this),
            ITopicGrain topic => FailingGrain<ITopicGrain>.Wrap(topic, this),
            _ => result,
        };
    }

    internal bool ShouldFail()
    {
        lock (this)
        {
            if (_failuresLeft == 0)
            {
                return false;
            }

            _failuresLeft--;
            Failed++;
            return true;
        }
    }
}

/// <summary>A grain reference whose reads fail while its factory says so.</summary>
public class FailingGrain<T> : DispatchProxy where T : class
{
    private T _inner = null!;
    private FailingGrainFactory _control = null!;

    public static T Wrap(T inner, FailingGrainFactory control)
    {
        var proxy = Create<T, FailingGrain<T>>();
        var state = (FailingGrain<T>)(object)proxy;
        state._inner = inner;
        state._control = control;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name is nameof(ITopicDirectoryGrain.Match) or nameof(ITopicGrain.ReadAfter) && _control.ShouldFail())
        {
            var failed = typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!
                .MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]);
            return failed.Invoke(null, [new SiloUnavailableException("The silo hosting the grain went away.")]);
        }

        return targetMethod.Invoke(_inner, args);
    }
}
