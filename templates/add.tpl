{{%AUTOESCAPE context="HTML"}}<h1 class="h4 mb-3">{{T_ADD_TITLE}}</h1>
{{#PROBLEM}}<div class="alert alert-danger" role="alert">{{PROBLEM_TEXT}}</div>{{/PROBLEM}}
<form method="post" action="/add" enctype="multipart/form-data" class="card add-form">
  <div class="card-body">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="mb-3">
      <label for="magnets" class="form-label">{{T_ADD_MAGNETS}}</label>
      <textarea class="form-control font-monospace" id="magnets" name="magnets" rows="6" spellcheck="false" placeholder="magnet:?xt=urn:btih:…" aria-describedby="magnets-help">{{MAGNETS}}</textarea>
      <div id="magnets-help" class="small text-body-secondary mt-1">{{T_ADD_MAGNETS_HELP}}</div>
    </div>
    <div class="mb-3">
      <label for="file" class="form-label">{{T_ADD_FILES}}</label>
      <input class="form-control" type="file" id="file" name="file" accept=".torrent,application/x-bittorrent" multiple aria-describedby="file-help">
      <div id="file-help" class="small text-body-secondary mt-1">{{T_ADD_FILES_HELP}}</div>
    </div>
    <fieldset class="mb-3">
      <legend class="form-label fs-6">{{T_ADD_SELECT}}</legend>
      {{#CHOICE}}<div class="form-check"><input class="form-check-input" type="radio" name="select" id="select-{{VALUE}}" value="{{VALUE}}"{{#CHECKED}} checked{{/CHECKED}}><label class="form-check-label" for="select-{{VALUE}}">{{LABEL}}</label></div>{{/CHOICE}}
    </fieldset>
    <button type="submit" class="btn btn-primary" data-action="add">{{T_ADD_NOW}}</button>
  </div>
</form>
<form method="post" action="/import" enctype="multipart/form-data" class="card mt-4 import-form">
  <div class="card-body">
    <h2 class="h5">{{T_IMPORT_TITLE}}</h2>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="mb-3">
      <label for="import-file" class="form-label">{{T_IMPORT_FILE}}</label>
      <input class="form-control" type="file" id="import-file" name="file" accept=".json,application/json" required aria-describedby="import-help">
      <div id="import-help" class="small text-body-secondary mt-1">{{T_IMPORT_HELP}}</div>
    </div>
    <button type="submit" class="btn btn-outline-primary" data-action="import">{{T_IMPORT_NOW}}</button>
  </div>
</form>
