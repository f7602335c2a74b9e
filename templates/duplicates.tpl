{{%AUTOESCAPE context="HTML"}}<div class="d-flex flex-wrap align-items-baseline gap-3 mb-3">
  <h1 class="h3 mb-0">{{T_DUPLICATES_TITLE}}</h1>
  <span class="text-body-secondary">{{SUMMARY}}</span>
</div>
<p class="small text-body-secondary">{{T_DUPLICATES_HELP}}</p>
<form class="row g-2 align-items-end mb-3" method="get" action="/duplicates">
  <div class="col-8 col-md-4"><label class="form-label small" for="keep">{{T_KEEP_RULE}}</label>
    <select class="form-select" id="keep" name="keep">{{#KEEP_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/KEEP_OPTION}}</select></div>
  <div class="col-4 col-md-2 d-grid"><button type="submit" class="btn btn-outline-primary">{{T_APPLY}}</button></div>
</form>
{{#NONE}}<p class="text-body-secondary">{{T_NO_DUPLICATES}}</p>{{/NONE}}
{{#SOME}}<form method="post" action="/actions/confirm" id="duplicates-form">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <input type="hidden" name="action" value="delete">
  <input type="hidden" name="back" value="/duplicates">
  <div class="mb-3"><button type="submit" class="btn btn-danger" data-action="delete-duplicates">{{T_DELETE_TICKED}}</button></div>
  {{#GROUP}}<section class="card mb-3 duplicate-group duplicate-{{KIND}}" aria-label="{{KIND_TEXT}}: {{KEY}}">
    <div class="card-body">
      <h2 class="h6 text-break mb-2"><span class="badge text-bg-secondary me-2">{{KIND_TEXT}}</span>{{KEY}}</h2>
      <div class="table-responsive"><table class="table table-sm align-middle mb-0">
        <thead><tr><th scope="col">{{T_DELETE}}</th><th scope="col">{{T_COL_NAME}}</th><th scope="col">{{T_COL_STATUS}}</th><th scope="col" class="text-end">{{T_COL_SIZE}}</th><th scope="col">{{T_COL_ADDED}}</th><th scope="col" class="text-end">{{T_LINKS}}</th></tr></thead>
        <tbody>{{#TORRENT}}<tr{{#KEPT}} class="table-success"{{/KEPT}}><td><input class="form-check-input" type="checkbox" name="id" value="{{ID}}" id="dup-{{GROUP_INDEX}}-{{ID}}" aria-label="{{T_DELETE}} {{FILENAME}}"{{#TICKED}} checked{{/TICKED}}></td><td class="text-break"><a href="/torrents/{{ID}}">{{FILENAME}}</a>{{#KEPT}} <span class="badge text-bg-success">{{T_KEPT}}</span>{{/KEPT}}</td><td><span class="badge status-badge status-{{BADGE}}" title="{{STATUS}}" data-status="{{STATUS}}">{{STATUS_TEXT}}</span></td><td class="text-end text-nowrap">{{SIZE}}</td><td class="text-nowrap small"><time datetime="{{ADDED_ISO}}">{{ADDED}}</time></td><td class="text-end">{{LINKS}}</td></tr>{{/TORRENT}}</tbody>
      </table></div>
    </div>
  </section>{{/GROUP}}
</form>{{/SOME}}
