using System.Globalization;
using Garnet;
using GrainSystem.Testing;

namespace GrainSystem.Benchmarks.Resp;

/// <summary>
/// Microsoft Garnet (the <c>Microsoft.Garnet</c> package), a RESP server written in C#, started in the benchmark process on a free
/// loopback port with a 1 GiB log in memory and no persistence; stopped on dispose.
/// </summary>
internal sealed class GarnetPeer : IDisposable
{
    private readonly GarnetServer _server;

    private GarnetPeer(GarnetServer server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    public static GarnetPeer Start()
    {
        var port = FreePort.Next();

        // Garnet greets with a banner on standard output, where the table goes.
        var output = Console.Out;
        Console.SetOut(TextWriter.Null);
        try
        {
            var server = new GarnetServer(["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--memory", "1g",
                "--index", "64m"]);
            server.Start();
            return new GarnetPeer(server, port);
        }
        finally
        {
            Console.SetOut(output);
        }
    }

    public void Dispose() => _server.Dispose();
}
