{{%AUTOESCAPE context="HTML"}}<div class="d-flex flex-wrap align-items-baseline gap-3 mb-3">
  <h1 class="h3 mb-0">{{T_HISTORY_TITLE}}</h1>
  <span class="text-body-secondary">{{TOTAL}}</span>
</div>
<form class="row g-2 align-items-end mb-3" method="get" action="/history">
  <div class="col-6 col-md-3"><label class="form-label small" for="kind">{{T_KIND}}</label>
    <select class="form-select" id="kind" name="kind"><option value="">{{T_ALL_KINDS}}</option>{{#KIND_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/KIND_OPTION}}</select></div>
  <div class="col-6 col-md-3"><label class="form-label small" for="state">{{T_JOB_STATE}}</label>
    <select class="form-select" id="state" name="state"><option value="">{{T_ALL_STATES}}</option>{{#STATE_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/STATE_OPTION}}</select></div>
  <div class="col-12 col-md-2 d-grid"><button type="submit" class="btn btn-primary">{{T_FILTER}}</button></div>
</form>
{{#EMPTY}}<p class="text-body-secondary">{{T_HISTORY_EMPTY}}</p>{{/EMPTY}}
{{#JOBS}}<div class="table-responsive"><table class="table table-sm align-middle history-table">
  <thead><tr><th scope="col">{{T_JOB}}</th><th scope="col">{{T_KIND}}</th><th scope="col">{{T_JOB_STATE}}</th><th scope="col">{{T_JOB_ITEMS}}</th><th scope="col">{{T_CREATED}}</th><th scope="col">{{T_SOURCE}}</th></tr></thead>
  <tbody>{{#JOB_ROW}}<tr data-job="{{ID}}" data-job-state="{{STATE}}"><td><a href="/jobs/{{ID}}">{{ID}}</a></td><td>{{KIND}}</td><td><span class="badge text-bg-secondary job-state job-state-{{STATE}}">{{STATE_TEXT}}</span></td><td class="small">{{COUNTS}}</td><td class="text-nowrap small"><time datetime="{{CREATED_ISO}}">{{CREATED}}</time></td><td class="small">{{SOURCE}}</td></tr>{{/JOB_ROW}}</tbody>
</table></div>{{/JOBS}}
{{#PAGER}}<nav aria-label="{{T_PAGES}}" class="d-flex gap-2">{{#PREV}}<a class="btn btn-sm btn-outline-secondary" rel="prev" href="{{URL}}">{{T_PREVIOUS}}</a>{{/PREV}}{{#NEXT}}<a class="btn btn-sm btn-outline-secondary" rel="next" href="{{URL}}">{{T_NEXT}}</a>{{/NEXT}}</nav>{{/PAGER}}
