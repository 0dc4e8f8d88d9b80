using FieldService.Silo.Hosting;
using FieldService.WebHost.Apis;
using FieldService.WebHost.Boards;
using FieldService.WebHost.Demo;
using FieldService.WebHost.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace FieldService.WebHost.Hosting;

/// <summary>What Program.cs composes: the Orleans role, the API, problem details, health, telemetry, demo data.</summary>
public static class WebHostSetup
{
    public static WebApplicationBuilder AddFieldServiceWebHost(this WebApplicationBuilder builder)
    {
        var coHost = builder.Configuration.GetValue($"{ClusterHostingOptions.SectionName}:{nameof(ClusterHostingOptions.CoHostSilo)}", true);
        if (coHost)
        {
            builder.AddFieldServiceSilo();
        }
        else
        {
            builder.AddFieldServiceClient();
        }

        var durable = FieldServiceHosting.IsDurable(builder.Configuration);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddFieldServiceTelemetry()
            .WithTracing(t => t.AddAspNetCoreInstrumentation())
            .WithMetrics(m => m.AddAspNetCoreInstrumentation());
        builder.Services.AddFieldServiceProblems();
        builder.AddFieldServiceSecurity();
        builder.Services.AddFieldServiceHealthChecks(durable);
        builder.Services.AddFieldServiceOpenApi();
        builder.Services.AddSignalR().AddJsonProtocol(o => FieldServiceJson.Configure(o.PayloadSerializerOptions));
        builder.Services.AddSingleton<BoardRelay>();
        builder.Services.AddHostedService(s => s.GetRequiredService<BoardRelay>());
        if (builder.Configuration.GetValue("Demo:Seed", !durable))
        {
            builder.Services.AddHostedService<DemoSeeder>();
        }

        if (builder.Configuration.GetValue("Demo:Simulate", !durable))
        {
            builder.Services.AddHostedService<DemoSimulator>();
        }

        return builder;
    }

    public static WebApplication MapFieldService(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The pages are public (they sign in through the API); before authorization, so no policy applies to them.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseFieldServiceSecurity();
        app.MapFieldServiceHealth().AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference().AllowAnonymous();
        // One place for the rules every text obeys, whichever endpoint it reaches.
        var api = app.MapGroup("").WithTextRules();
        api.MapWorkOrdersApi().WithAccessPolicy();
        api.MapAttachmentsApi().WithAccessPolicy();
        api.MapTechniciansApi().WithAccessPolicy();
        api.MapDispatchApi().WithAccessPolicy();
        api.MapPartsApi().WithAccessPolicy();
        api.MapAuditApi().WithAccessPolicy();
        api.MapReportsApi().WithAccessPolicy();
        api.MapEscalationsApi().WithAccessPolicy();
        api.MapQualityApi().WithAccessPolicy();
        api.MapSupportApi().WithAccessPolicy();
        api.MapComplaintsApi().WithAccessPolicy();
        api.MapCallbacksApi().WithAccessPolicy();
        api.MapCustomersApi().WithAccessPolicy();
        api.MapMyOrdersApi().WithAccessPolicy();
        api.MapNotificationPreferencesApi().WithAccessPolicy();
        api.MapChatIntakeApi().WithAccessPolicy();
        app.MapHub<DispatchHub>("/hubs/dispatch").WithMetadata(AccessPolicy.RequirementFor(AccessPolicy.RolesFor(null, "/hubs/dispatch")!));
        app.MapHub<TechnicianHub>("/hubs/technician").WithMetadata(AccessPolicy.RequirementFor(AccessPolicy.RolesFor(null, "/hubs/technician")!));
        app.MapHub<CustomerServiceHub>("/hubs/customer-service").WithMetadata(AccessPolicy.RequirementFor(AccessPolicy.RolesFor(null, "/hubs/customer-service")!));
        app.MapHub<CustomerHub>("/hubs/my-orders").WithMetadata(AccessPolicy.RequirementFor(AccessPolicy.RolesFor(null, "/hubs/my-orders")!));
        app.MapHub<SupportHub>("/hubs/support").WithMetadata(AccessPolicy.RequirementFor(AccessPolicy.RolesFor(null, "/hubs/support")!));
        app.MapHub<EmergencyHub>("/hubs/emergency").WithMetadata(AccessPolicy.RequirementFor(AccessPolicy.RolesFor(null, "/hubs/emergency")!));
        app.MapHub<InspectionHub>("/hubs/inspection").WithMetadata(AccessPolicy.RequirementFor(AccessPolicy.RolesFor(null, "/hubs/inspection")!));
        var cluster = app.Services.GetRequiredService<IOptions<ClusterHostingOptions>>().Value;
        if (cluster is { CoHostSilo: true, Dashboard: true })
        {
            app.MapFieldServiceDashboard();
        }

        return app;
    }
}
