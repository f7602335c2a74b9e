{{%AUTOESCAPE context="HTML"}}<div class="d-flex flex-wrap align-items-baseline gap-3 mb-3">
  <h1 class="h3 mb-0">{{T_TRASH_TITLE}}</h1>
  <span class="text-body-secondary">{{TOTAL}}</span>
</div>
<p class="small text-body-secondary">{{T_TRASH_HELP}}</p>
{{#EMPTY}}<p class="text-body-secondary">{{T_TRASH_EMPTY}}</p>{{/EMPTY}}
{{#ENTRIES}}<div class="table-responsive"><table class="table table-sm align-middle trash-table">
  <thead><tr><th scope="col">{{T_COL_NAME}}</th><th scope="col" class="text-end">{{T_COL_SIZE}}</th><th scope="col">{{T_DELETED_AT}}</th><th scope="col">{{T_ACTIONS}}</th></tr></thead>
  <tbody>{{#ENTRY}}<tr data-hash="{{HASH}}">
    <td class="text-break">{{FILENAME}}<div class="small text-body-secondary"><code>{{HASH}}</code> · {{FILES_COUNT}}</div></td>
    <td class="text-end text-nowrap">{{SIZE}}</td>
    <td class="text-nowrap small"><time datetime="{{DELETED_AT_ISO}}">{{DELETED_AT}}</time>{{#JOB}} · <a href="/jobs/{{JOB_ID}}">{{T_JOB}} {{JOB_ID}}</a>{{/JOB}}</td>
    <td><div class="d-flex flex-wrap gap-2">
      <form method="post" action="/trash/{{HASH}}/restore"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button type="submit" class="btn btn-sm btn-outline-primary" data-action="restore">{{T_RESTORE}}</button></form>
      <form method="post" action="/trash/{{HASH}}/forget"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button type="submit" class="btn btn-sm btn-outline-secondary" data-action="forget">{{T_FORGET}}</button></form>
    </div></td>
  </tr>{{/ENTRY}}</tbody>
</table></div>{{/ENTRIES}}
{{#PAGER}}<nav aria-label="{{T_PAGES}}" class="d-flex gap-2">{{#PREV}}<a class="btn btn-sm btn-outline-secondary" rel="prev" href="{{URL}}">{{T_PREVIOUS}}</a>{{/PREV}}{{#NEXT}}<a class="btn btn-sm btn-outline-secondary" rel="next" href="{{URL}}">{{T_NEXT}}</a>{{/NEXT}}</nav>{{/PAGER}}
