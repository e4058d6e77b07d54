using System.Net;
using System.Net.Sockets;

namespace GrainSystem.Testing;

/// <summary>Loopback ports nobody listens on, for servers a test starts.</summary>
public static class FreePort
{
    private static readonly HashSet<int> Handed = [];

    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (Handed)
            {
                // Never hand the same port out twice in one test run, even after its listener closed.
                if (Handed.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
