using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Liuhu.Functions.Docs;

/// <summary>The API contract (OpenAPI 3.1, kept in Http/openapi.json and checked against the functions and their
/// real responses by tests) and a page to read it that needs nothing from the internet.</summary>
public sealed class OpenApiFunctions
{
    private static readonly Lazy<string> Document = new(() =>
    {
        using var stream = typeof(OpenApiFunctions).Assembly.GetManifestResourceStream("Liuhu.Functions.openapi.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    [Access(Callers.Everyone)]
    [Function(nameof(GetOpenApiDocument))]
    public IActionResult GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        new TextBodyResult(Document.Value, "application/json; charset=utf-8");

    [Access(Callers.Everyone)]
    [Function(nameof(GetApiDocs))]
    public IActionResult GetApiDocs(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs")] HttpRequest request) =>
        new TextBodyResult(Page, "text/html; charset=utf-8");

    private const string Page = """
        <!doctype html>
        <html lang="zh-CN">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>留呼 Liuhu API</title>
          <style>
            body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 1rem auto; max-width: 60rem; padding: 0 1rem; line-height: 1.5; }
            .op { border: 1px solid #ccd; border-radius: 6px; margin: .75rem 0; padding: .5rem .75rem; }
            .method { display: inline-block; min-width: 4.5rem; font-weight: 700; text-transform: uppercase; }
            .auth { float: right; font-size: .85rem; color: #555; }
            code { background: #f3f3f6; padding: 0 .25rem; }
            details pre { overflow-x: auto; background: #f7f7fa; padding: .5rem; }
          </style>
        </head>
        <body>
          <h1>留呼 Liuhu API</h1>
          <p>机器可读的接口说明：<a href="openapi.json">openapi.json</a>（OpenAPI 3.1）。错误均为 <code>application/problem+json</code>。</p>
          <main id="ops"><p>加载中…</p></main>
          <script>
            fetch('openapi.json').then(r => r.json()).then(doc => {
              const main = document.getElementById('ops');
              main.innerHTML = '';
              for (const [path, item] of Object.entries(doc.paths)) {
                for (const [method, op] of Object.entries(item)) {
                  const section = document.createElement('section');
                  section.className = 'op';
                  const auth = (op['x-liuhu-callers'] || []).join(' · ');
                  section.innerHTML = '<span class="auth"></span><span class="method"></span><code></code><h2 style="font-size:1rem;margin:.25rem 0"></h2>' +
                    '<details><summary>responses</summary><pre></pre></details>';
                  section.querySelector('.auth').textContent = auth;
                  section.querySelector('.method').textContent = method;
                  section.querySelector('code').textContent = '/api' + path;
                  section.querySelector('h2').textContent = op.summary || op.operationId;
                  section.querySelector('pre').textContent = JSON.stringify(op.responses, null, 2);
                  main.appendChild(section);
                }
              }
            });
          </script>
        </body>
        </html>
        """;
}
