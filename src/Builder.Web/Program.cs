using Builder.Data;
using Builder.Domain;
using Builder.Web;
using Builder.Web.Api;
using Builder.Web.Api.Poweruser;
using Builder.Web.Authentication;
using Builder.Web.Components;
using Builder.Web.Features.Files;

var builder = WebApplication.CreateBuilder(args);
builder.AddRootDevelopmentSettings();

builder.Services.AddBuilderDomain();
builder.Services.AddBuilderData(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddBuilderKeyEncryption(builder.Configuration, builder.Environment.IsDevelopment(), builder.Environment.ContentRootPath);
builder.AddBuilderAuthentication();
builder.AddBuilderWeb();
builder.AddBuilderFiles();
builder.Services.AddApiDocsOpenApi();

var app = builder.Build();

await app.Services.InitializeDatabaseAsync(seed: app.Configuration.GetValue("Database:Seed", false));

app.UseSecurityHeaders();
app.UseExceptionHandler("/error");
app.UseApiStatusBodies();
if (!app.Environment.IsDevelopment()) app.UseHsts();
app.UseApiBodyRules();
app.UseAuthenticationExceptStaticAssets();
app.UseAuthorization();
app.UseBuilderRateLimits();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapOpenApi().AllowAnonymous();
app.MapApiDocs();
app.MapFavicon();
app.MapAccountEndpoints();
app.MapBuilderApi();
app.MapPoweruserApi();
app.MapFileEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

/// <summary>Public so WebApplicationFactory can host the real app in tests.</summary>
public partial class Program;
