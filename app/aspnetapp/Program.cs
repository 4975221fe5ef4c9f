using System.Reflection;
using Microsoft.AspNetCore.HttpOverrides;

// `dotnet aspnetapp.dll --healthcheck` is the container HEALTHCHECK: it needs no curl/wget in the runtime image,
// so the same Dockerfile works on the official images and on minimal local bases.
if (args.Length > 0 && args[0] == "--healthcheck")
{
    return await HealthProbe.RunAsync();
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHealthChecks();
builder.Services.Configure<ForwardedHeadersOptions>(options =>
{
    options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
    // nginx sits on a Docker network whose address is not known in advance; only nginx can reach this container.
    options.KnownIPNetworks.Clear();
    options.KnownProxies.Clear();
});

var app = builder.Build();
app.UseForwardedHeaders();

var info = InstanceInfo.Current;

app.MapGet("/", (HttpContext context) => Results.Content(Page.Render(info, context), "text/html; charset=utf-8"));
app.MapGet("/api/info", (HttpContext context) => Results.Json(new
{
    version = info.Version,
    instance = info.Instance,
    framework = info.Framework,
    scheme = context.Request.Scheme,
    remoteIp = context.Connection.RemoteIpAddress?.ToString(),
}));
app.MapHealthChecks("/healthz");

app.Run();
return 0;

/// <summary>What the page reports: the app version and which container answered.</summary>
internal sealed record InstanceInfo(string Version, string Instance, string Framework)
{
    public static InstanceInfo Current { get; } = new(ResolveVersion(), Environment.MachineName,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);

    // APP_VERSION (set by the image) wins; otherwise the informational version stamped at build time, without the
    // "+commit" suffix the SDK appends.
    private static string ResolveVersion()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("APP_VERSION");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment.Trim();
        }

        var informational = typeof(InstanceInfo).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+');
        return plus >= 0 ? informational[..plus] : informational;
    }
}

internal static class Page
{
    public static string Render(InstanceInfo info, HttpContext context)
    {
        static string E(string? s) => System.Net.WebUtility.HtmlEncode(s ?? "");
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>aspnetapp {{E(info.Version)}}</title>
              <style>
                body { font-family: system-ui, sans-serif; margin: 3rem; color: #222; }
                dl { display: grid; grid-template-columns: max-content auto; gap: .4rem 1.5rem; }
                dt { font-weight: 600; }
              </style>
            </head>
            <body>
              <h1>aspnetapp</h1>
              <dl>
                <dt>Version</dt><dd id="version">{{E(info.Version)}}</dd>
                <dt>Instance</dt><dd id="instance">{{E(info.Instance)}}</dd>
                <dt>Runtime</dt><dd>{{E(info.Framework)}}</dd>
                <dt>Scheme</dt><dd>{{E(context.Request.Scheme)}}</dd>
                <dt>Client</dt><dd>{{E(context.Connection.RemoteIpAddress?.ToString())}}</dd>
              </dl>
            </body>
            </html>
            """;
    }
}

internal static class HealthProbe
{
    public static async Task<int> RunAsync()
    {
        // ASPNETCORE_HTTP_PORTS may list several ports ("8080;8081"); the first is enough.
        var ports = Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS");
        var port = string.IsNullOrWhiteSpace(ports) ? "8080" : ports.Split(';', ',')[0].Trim();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync($"http://127.0.0.1:{port}/healthz");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"health check failed: {ex.Message}");
            return 1;
        }
    }
}
