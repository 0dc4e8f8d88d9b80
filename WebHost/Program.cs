using FieldService.WebHost.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddFieldServiceWebHost();

var app = builder.Build();
app.MapFieldService();
app.Run();

// Public so that tests can host the app with WebApplicationFactory.
public partial class Program;
