using GrainSystem.Api.Caching;
using GrainSystem.Api.Events;
using GrainSystem.Api.Http;
using GrainSystem.Api.Jobs;
using GrainSystem.Api.Locking;
using GrainSystem.Api.Resp;
using GrainSystem.Client;
using GrainSystem.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddGrainSystemOrleans();
builder.AddGrainSystemHttp();
builder.AddGrainSystemResp();
builder.Services
    .AddGrainSystemClient()
    .AddEventApi();

var app = builder.Build();

app.UseGrainSystemHttp();
app.MapGrainSystemDocs();
app.MapGrainSystemDashboard();
app.MapCacheEndpoints();
app.MapLockEndpoints();
app.MapJobEndpoints();
app.MapEventEndpoints();

app.Run();

/// <summary>Entry point, visible to the in-process API tests.</summary>
public partial class Program;
