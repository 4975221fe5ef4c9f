# The publish-image benchmark's multi-stage case, on the sample app's sources: a stage nothing needs (BuildKit skips
# it; built, it would fail), and package and build caches in cache mounts that survive --no-cache builds' layers.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
# The package cache lives in the cache mount, at a path of its own rather than the build user's home.
ENV NUGET_PACKAGES=/nuget/packages
WORKDIR /src
COPY aspnetapp.csproj Directory.Build.props ./
RUN --mount=type=cache,id=aotech-bench-nuget,target=/nuget/packages dotnet restore aspnetapp.csproj
COPY . .
RUN --mount=type=cache,id=aotech-bench-nuget,target=/nuget/packages \
    dotnet publish aspnetapp.csproj --no-restore -c Release -o /app

FROM ${SDK_IMAGE} AS unused
RUN sleep 5 && exit 1

FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=build /app ./
USER 1654
ENTRYPOINT ["dotnet", "aspnetapp.dll"]
