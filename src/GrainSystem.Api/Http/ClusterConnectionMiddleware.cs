namespace GrainSystem.Api.Http;

/// <summary>
/// Until the API's Orleans client has reached a gateway it knows no grain types, and every grain route would
/// fail with "no implementation for interface" (a 500). Answer those routes 503 until the cluster answers.
/// Health, documentation and the dashboard stay reachable.
/// </summary>
internal sealed class ClusterConnectionMiddleware(RequestDelegate next, IClusterManifestProvider manifest)
{
    private static readonly PathString[] IndependentOfCluster = ["/health", "/openapi", "/scalar", DashboardExtensions.RoutePrefix];

    private volatile bool _connected;

    public Task InvokeAsync(HttpContext context)
    {
        // Once connected this is one field read: no state machine per request.
        if (_connected || IndependentOfCluster.Any(p => context.Request.Path.StartsWithSegments(p)))
        {
            return next(context);
        }

        // Before a gateway answers, the client's manifest is a placeholder at the minimum version holding only
        // the client itself. Once a real one has arrived it stays; later outages surface as call failures (503).
        _connected = manifest.Current.Version > Orleans.Metadata.MajorMinorVersion.MinValue;
        return _connected ? next(context) : Problems.Write(context, Problems.ServiceUnavailable(context.Response, Unavailability.Refused,
            "The API has not reached the cluster yet; nothing changed. Retry shortly."));
    }
}
