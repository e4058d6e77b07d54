using GrainSystem.Abstractions.Events;
using Microsoft.Extensions.Options;

namespace GrainSystem.Api.Events;

/// <summary>Counts the open event streams of this API process against <see cref="EventsOptions.MaxStreams"/>.</summary>
public sealed class EventStreamLimiter(IOptions<EventsOptions> options)
{
    private int _open;

    /// <summary>Streams open now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>A slot for one stream (dispose it when the stream ends), or null when all are taken.</summary>
    public IDisposable? TryAcquire()
    {
        if (Interlocked.Increment(ref _open) > options.Value.MaxStreams)
        {
            Interlocked.Decrement(ref _open);
            return null;
        }

        return new Slot(this);
    }

    private sealed class Slot(EventStreamLimiter limiter) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref limiter._open);
            }
        }
    }
}
