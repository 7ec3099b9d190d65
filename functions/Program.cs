using Liuhu.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<Liuhu.Functions.Http.AccessMiddleware>();
builder.Services.AddLiuhuFunctions(builder.Configuration).AddLiuhuTelemetry(builder.Configuration);
builder.Build().Run();
