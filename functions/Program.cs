using Liuhu.Core;
using Liuhu.Matching;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddLiuhuCore(builder.Configuration).AddLiuhuMatching();
builder.Build().Run();
