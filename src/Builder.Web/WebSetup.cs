using System.Text.Json;
using System.Text.Json.Serialization;
using Builder.Domain.Models;
using Builder.Domain.Outbound;
using Builder.Web.Api;
using Builder.Web.Api.Poweruser;
using Builder.Web.Authentication;
using Builder.Web.Components;
using Microsoft.AspNetCore.Http.Json;

namespace Builder.Web;

public static class WebSetup
{
    /// <summary>Loads appsettings.Development.json from the repository root, where the design keeps it, when running in Development.</summary>
    public static WebApplicationBuilder AddRootDevelopmentSettings(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment()) return builder;
        for (var directory = new DirectoryInfo(builder.Environment.ContentRootPath); directory is not null; directory = directory.Parent)
        {
            var settings = Path.Combine(directory.FullName, "appsettings.Development.json");
            if (File.Exists(Path.Combine(directory.FullName, "Builder.sln")) && File.Exists(settings))
            {
                // Inserted before environment variables and command-line arguments so those still win.
                var index = builder.Configuration.Sources.ToList().FindIndex(s => s is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource);
                var source = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = settings, Optional = true, ReloadOnChange = false };
                source.ResolveFileProvider();
                if (index < 0) builder.Configuration.Sources.Add(source); else builder.Configuration.Sources.Insert(index, source);
                break;
            }
        }
        return builder;
    }

    /// <summary>How deep a request body's JSON may nest: enough for a workflow past its depth limit to reach the validator.</summary>
    public const int MaxJsonDepth = 256;

    public static WebApplicationBuilder AddBuilderWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Static assets are precompressed as brotli and gzip at build (Builder.Web.csproj). In a build run (Development,
        // `dotnet run`, the tests) ASP.NET Core's runtime asset patching takes a compressed file for edited, re-gzips it
        // on the fly and can send the gzip bytes under "Content-Encoding: br": the browser then refuses builder.js,
        // workflow-canvas.js and app.css (ERR_CONTENT_DECODING_FAILED). Serve the files as built; a changed asset needs
        // a rebuild (as in production). An explicit setting still wins.
        builder.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";
        services.AddRazorComponents().AddInteractiveServerComponents();
        // Post-condition scripts (up to 64 KiB) and pasted sample messages travel over the circuit; the default is 32 KB.
        services.AddSignalR(o => o.MaximumReceiveMessageSize = 256 * 1024);
        services.AddBuilderConsole();
        // How often the trash purge job runs (Trash:PurgeIntervalMinutes, default 60).
        services.Configure<Builder.Domain.Trash.TrashPurgeOptions>(builder.Configuration.GetSection("Trash"));
        services.AddScoped<ActorResolver>();
        services.AddScoped<CurrentActor>();
        services.AddHostedService<Features.Approvals.ApprovalExpirySweep>();
        services.AddBuilderRateLimits(builder.Configuration);
        services.AddPoweruserApi();
        services.AddOutboundHttp(builder.Configuration, builder.Environment).AddModelGateway();

        services.AddExceptionHandler<ApiExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            // workflowData nests two levels per tree level; the validator's own depth limit gives the clear message.
            o.SerializerOptions.MaxDepth = MaxJsonDepth;
        });
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Builder API";
            document.Info.Description = "The Builder's admin API. Browse it at /api-docs.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>Gives bodiless /api error answers (401 from authentication, 405, …) the standard error body.</summary>
    public static IApplicationBuilder UseApiStatusBodies(this IApplicationBuilder app) => app.UseStatusCodePages(async context =>
    {
        var http = context.HttpContext;
        var poweruser = Api.Poweruser.PoweruserErrors.Handles(http.Request.Path);
        if (!http.Request.Path.StartsWithSegments("/api") && !poweruser) return;
        var error = http.Response.StatusCode switch
        {
            400 => new ErrorResponse("Bad request", "The request could not be read; check its path, query and body."),
            401 => new ErrorResponse("Unauthorized", "Sign in, or send Authorization: pwrusr:{key_id}:{secret}."),
            403 => new ErrorResponse("Forbidden"),
            404 => new ErrorResponse("Not found"),
            405 => new ErrorResponse("Method not allowed"),
            415 => new ErrorResponse("Unsupported content type", "Send JSON with Content-Type: application/json."),
            var code => new ErrorResponse($"Request failed with status {code}"),
        };
        await http.Response.WriteAsJsonAsync(Api.Poweruser.PoweruserErrors.BodyFor(http, http.Response.StatusCode, error));
    });
}
