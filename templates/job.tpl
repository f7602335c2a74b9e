{{%AUTOESCAPE context="HTML"}}<h1 class="h4 mb-3">{{HEADING}}</h1>
<section class="card mb-4" aria-labelledby="job-state-title" data-job="{{JOB_ID}}" data-job-finished="{{FINISHED}}" data-job-failed="{{FAILED}}">
  <div class="card-body">
    <h2 class="h6" id="job-state-title">{{T_JOB_STATE}}: <span class="badge text-bg-secondary job-state job-state-{{STATE}}" data-job-state="{{STATE}}">{{STATE_TEXT}}</span></h2>
    {{#UNFINISHED}}<p class="small text-body-secondary mb-2" role="status">{{T_JOB_REFRESHING}}</p>{{/UNFINISHED}}
    <p class="mb-1" data-job-counts>{{COUNTS}}</p>
    {{#RESULT}}<p class="small text-body-secondary mb-0">{{RESULT_TEXT}}</p>{{/RESULT}}
  </div>
</section>
<section class="card mb-4" aria-labelledby="job-items-title">
  <div class="card-body">
    <h2 class="h6" id="job-items-title">{{T_JOB_ITEMS}}</h2>
    <div class="table-responsive"><table class="table table-sm mb-0 job-items">
      <thead><tr><th scope="col">{{T_COL_NAME}}</th><th scope="col">{{T_JOB_STATE}}</th><th scope="col">{{T_REASON}}</th></tr></thead>
      <tbody>{{#ITEM}}<tr data-item-state="{{ITEM_STATE}}"><td class="text-break">{{#ITEM_LINK}}<a href="/torrents/{{ITEM_ID}}">{{ITEM_NAME}}</a>{{/ITEM_LINK}}{{#ITEM_GONE}}{{ITEM_NAME}}{{/ITEM_GONE}}</td><td>{{ITEM_STATE_TEXT}}</td><td class="text-break small">{{ITEM_REASON}}</td></tr>{{/ITEM}}</tbody>
    </table></div>
  </div>
</section>
{{#DEAD}}<form method="post" action="/actions/confirm" class="mb-4">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <input type="hidden" name="action" value="repair">
  <input type="hidden" name="back" value="/jobs/{{JOB_ID}}">
  {{#DEAD_ID}}<input type="hidden" name="id" value="{{VALUE}}">{{/DEAD_ID}}
  <button type="submit" class="btn btn-warning" data-action="repair-dead">{{T_REPAIR_DEAD}}</button>
</form>{{/DEAD}}
{{#DIRECT}}<section class="card" aria-labelledby="direct-title">
  <div class="card-body">
    <div class="d-flex flex-wrap align-items-center gap-2 mb-2">
      <h2 class="h6 mb-0 me-auto" id="direct-title">{{T_DIRECT_LINKS}}</h2>
      <button type="button" class="btn btn-sm btn-outline-primary" data-copy-all hidden data-js-only>{{T_COPY_ALL}}</button>
    </div>
    <ul class="list-unstyled mb-0 links-list">{{#DIRECT_LINK}}<li class="d-flex align-items-start gap-2"><a class="text-break flex-grow-1" href="{{URL}}" rel="noreferrer noopener" data-link>{{LABEL}}</a><button type="button" class="btn btn-sm btn-outline-secondary py-0" data-copy="{{URL}}" aria-label="{{T_COPY_THIS}}" hidden data-js-only>{{T_COPY}}</button></li>{{/DIRECT_LINK}}</ul>
    <details class="mt-2"><summary class="small">{{T_LINKS_AS_TEXT}}</summary><textarea class="form-control form-control-sm mt-2 font-monospace" rows="4" readonly aria-label="{{T_LINKS_AS_TEXT}}">{{LINKS_TEXT}}</textarea></details>
  </div>
</section>{{/DIRECT}}
