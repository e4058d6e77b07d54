using GrainSystem.Api.Resp.Protocol;

namespace GrainSystem.Api.Resp.Commands;

/// <summary>Runs one command of a connection and writes its reply to <see cref="RespSession.Reply"/>.</summary>
internal delegate ValueTask RespHandler(RespSession session, RespCommand command);
