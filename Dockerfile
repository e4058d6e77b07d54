# One image recipe for both hosts: PROJECT=Silo (the silo host) or PROJECT=Api (the HTTP API, an Orleans client of
# the cluster). Build context: the repository root (docker-compose.yml sets it and the argument).
ARG PROJECT=Api

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT
WORKDIR /src
# Restore from the project files alone, so the restore layer is reused until a dependency changes.
COPY Directory.Build.props Directory.Packages.props global.json ./
COPY src/GrainSystem.Abstractions/GrainSystem.Abstractions.csproj src/GrainSystem.Abstractions/
COPY src/GrainSystem.Grains/GrainSystem.Grains.csproj src/GrainSystem.Grains/
COPY src/GrainSystem.Client/GrainSystem.Client.csproj src/GrainSystem.Client/
COPY src/GrainSystem.Hosting/GrainSystem.Hosting.csproj src/GrainSystem.Hosting/
COPY src/GrainSystem.${PROJECT}/GrainSystem.${PROJECT}.csproj src/GrainSystem.${PROJECT}/
RUN dotnet restore src/GrainSystem.${PROJECT}/GrainSystem.${PROJECT}.csproj
COPY src/ src/
RUN dotnet publish src/GrainSystem.${PROJECT}/GrainSystem.${PROJECT}.csproj -c Release -o /app --no-restore --nologo \
    && printf '#!/bin/sh\nexec dotnet /app/GrainSystem.%s.dll "$@"\n' "${PROJECT}" > /app/start && chmod +x /app/start

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# HTTP (the API, or a silo's health checks when ASPNETCORE_URLS is set); a silo's Orleans silo-to-silo and gateway ports.
EXPOSE 8080 11111 30000
USER $APP_UID
ENTRYPOINT ["/app/start"]
