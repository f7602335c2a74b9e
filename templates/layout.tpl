{{%AUTOESCAPE context="HTML"}}<!doctype html>
<html lang="{{LANG}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
{{#REFRESH}}<meta http-equiv="refresh" content="{{REFRESH_SECONDS}}">{{/REFRESH}}
<title>{{TITLE}} · Redriva</title>
<link rel="stylesheet" href="/vendor/bootstrap/css/bootstrap.min.css">
<link rel="stylesheet" href="/static/css/redriva.css?v={{ASSET_VERSION}}">
<link rel="icon" href="/static/img/redriva.svg?v={{ASSET_VERSION}}" type="image/svg+xml">
</head>
<body>
<a class="visually-hidden-focusable" href="#main">{{T_SKIP}}</a>
<nav class="navbar navbar-expand navbar-dark bg-dark mb-4" aria-label="Main">
  <div class="container">
    <a class="navbar-brand fw-semibold" href="/">Redriva</a>
    {{#DEMO}}<span class="badge text-bg-warning me-auto" title="{{T_DEMO_TITLE}}">{{T_DEMO_BADGE}}</span>{{/DEMO}}
    <ul class="navbar-nav ms-auto align-items-center">
      {{#NAV_LINKS}}<li class="nav-item"><a class="nav-link{{#NAV_DASHBOARD}} active{{/NAV_DASHBOARD}}" href="/">{{T_NAV_DASHBOARD}}</a></li>
      <li class="nav-item"><a class="nav-link{{#NAV_TORRENTS}} active{{/NAV_TORRENTS}}" href="/torrents">{{T_NAV_TORRENTS}}</a></li>
      <li class="nav-item"><a class="nav-link{{#NAV_SEARCH}} active{{/NAV_SEARCH}}" href="/search">{{T_NAV_SEARCH}}</a></li>
      <li class="nav-item"><a class="nav-link{{#NAV_ADD}} active{{/NAV_ADD}}" href="/add">{{T_NAV_ADD}}</a></li>
      <li class="nav-item"><a class="nav-link{{#NAV_HISTORY}} active{{/NAV_HISTORY}}" href="/history">{{T_NAV_HISTORY}}</a></li>{{/NAV_LINKS}}
      <li class="nav-item ms-2" hidden data-js-only>
        <div class="btn-group btn-group-sm lang-switch" role="group" aria-label="{{T_LANGUAGE}}">
          <button type="button" class="btn btn-outline-light" data-lang="en" lang="en">EN</button>
          <button type="button" class="btn btn-outline-light" data-lang="fr" lang="fr">FR</button>
        </div>
      </li>
      {{#LOGOUT}}<li class="nav-item ms-2">
        <form method="post" action="/logout" class="m-0">
          <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
          <button type="submit" class="btn btn-sm btn-outline-light">{{T_LOG_OUT}}</button>
        </form>
      </li>{{/LOGOUT}}
    </ul>
  </div>
</nav>
<main id="main" class="container pb-5">
{{>CONTENT}}
</main>
<footer class="container text-body-secondary small pb-4">Redriva · {{T_FOOTER}}{{#DEMO}} · {{T_FOOTER_DEMO}}{{/DEMO}}</footer>
<div class="toast-stack" id="toasts" aria-live="polite"></div>
<script type="application/json" id="i18n">{{I18N_JSON:none}}</script>
<script type="application/json" id="vocabulary">{{VOCABULARY_JSON:none}}</script>
<script src="/static/js/redriva.js?v={{ASSET_VERSION}}" defer></script>
{{#PAGE_SCRIPT}}<script src="/static/js/{{PAGE_SCRIPT_NAME}}.js?v={{ASSET_VERSION}}" defer></script>{{/PAGE_SCRIPT}}
</body>
</html>
