namespace GrainSystem.Testing;

/// <summary>A silo process and its Orleans ports.</summary>
public sealed record SiloProcess(string Name, int SiloPort, int GatewayPort, ServiceProcess Process);
