{{%AUTOESCAPE context="HTML"}}<nav aria-label="breadcrumb"><ol class="breadcrumb"><li class="breadcrumb-item"><a href="/torrents">{{T_NAV_TORRENTS}}</a></li><li class="breadcrumb-item active" aria-current="page">{{ID}}</li></ol></nav>
<h1 class="h4 text-break mb-3 torrent-title">{{FILENAME}}</h1>
<div class="row g-4">
  <div class="col-lg-5">
    <section class="card" aria-labelledby="fields-title">
      <div class="card-body">
        <h2 class="h6" id="fields-title">{{T_DETAILS}}</h2>
        <dl class="row mb-0 small detail-fields">
          <dt class="col-5">{{T_COL_STATUS}}</dt><dd class="col-7"><span class="badge status-badge status-{{BADGE}}" title="{{STATUS}}" data-status="{{STATUS}}">{{STATUS_TEXT}}</span></dd>
          <dt class="col-5">{{T_PROGRESS}}</dt><dd class="col-7"><progress max="100" value="{{PROGRESS}}" aria-label="{{T_PROGRESS}}">{{PROGRESS}}%</progress> {{PROGRESS}}%</dd>
          <dt class="col-5">{{T_SIZE_SELECTED}}</dt><dd class="col-7">{{SIZE}} <span class="text-body-secondary">({{BYTES}} {{T_BYTES}})</span></dd>
          <dt class="col-5">{{T_ORIGINAL_SIZE}}</dt><dd class="col-7">{{ORIGINAL_SIZE}}</dd>
          <dt class="col-5">{{T_ORIGINAL_NAME}}</dt><dd class="col-7 text-break">{{ORIGINAL_FILENAME}}</dd>
          <dt class="col-5">{{T_ADDED}}</dt><dd class="col-7"><time datetime="{{ADDED_ISO}}">{{ADDED}}</time></dd>
          <dt class="col-5">{{T_FINISHED}}</dt><dd class="col-7"><time datetime="{{ENDED_ISO}}">{{ENDED}}</time></dd>
          <dt class="col-5">{{T_HASH}}</dt><dd class="col-7"><code class="text-break">{{HASH}}</code></dd>
          <dt class="col-5">{{T_ID}}</dt><dd class="col-7"><code>{{ID}}</code></dd>
          <dt class="col-5">{{T_HOST}}</dt><dd class="col-7">{{HOST}}</dd>
          <dt class="col-5">{{T_SPLIT}}</dt><dd class="col-7">{{SPLIT}}</dd>
          <dt class="col-5">{{T_SPEED}}</dt><dd class="col-7">{{SPEED}}</dd>
          <dt class="col-5">{{T_SEEDERS}}</dt><dd class="col-7">{{SEEDERS}}</dd>
          <dt class="col-5">{{T_FILES}}</dt><dd class="col-7">{{FILES_COUNT}}</dd>
          <dt class="col-5">{{T_FETCHED}}</dt><dd class="col-7"><time datetime="{{FETCHED_ISO}}">{{FETCHED}}</time></dd>
          <dt class="col-5">{{T_LISTED}}</dt><dd class="col-7"><time datetime="{{SYNCED_ISO}}">{{SYNCED}}</time></dd>
        </dl>
        {{#ERROR}}<div class="alert alert-danger mt-3 mb-0" role="alert"><strong>{{T_ERROR_LABEL}}</strong> {{ERROR_TEXT}}</div>{{/ERROR}}
      </div>
    </section>
  </div>
  <div class="col-lg-7">
    <section class="card mb-4" aria-labelledby="actions-title">
      <div class="card-body">
        <h2 class="h6" id="actions-title">{{T_ACTIONS}}</h2>
        <div class="d-flex flex-wrap gap-2 align-items-start torrent-actions">
          {{#HAS_LINKS}}<form method="post" action="/torrents/{{ID}}/links"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button type="submit" class="btn btn-sm btn-primary" data-action="links">{{T_GET_LINKS}}</button></form>{{/HAS_LINKS}}
          {{#HAS_LINKS}}<form method="post" action="/torrents/{{ID}}/check"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button type="submit" class="btn btn-sm btn-outline-secondary" data-action="check">{{T_CHECK_LINKS}}</button></form>{{/HAS_LINKS}}
          <details class="action-confirm"><summary class="btn btn-sm btn-outline-primary" data-action="repair">{{T_REPAIR}}…</summary>
            <form method="post" action="/torrents/{{ID}}/repair" class="mt-2"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><p class="small mb-2">{{REPAIR_CONFIRM}}</p><button type="submit" class="btn btn-sm btn-warning" data-confirm="repair">{{T_REPAIR_NOW}}</button></form>
          </details>
          <details class="action-confirm"><summary class="btn btn-sm btn-outline-danger" data-action="delete">{{T_DELETE}}…</summary>
            <form method="post" action="/torrents/{{ID}}/delete" class="mt-2"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><p class="small mb-2">{{DELETE_CONFIRM}}</p><button type="submit" class="btn btn-sm btn-danger" data-confirm="delete">{{T_DELETE_NOW}}</button></form>
          </details>
        </div>
      </div>
    </section>
    <section class="card mb-4" aria-labelledby="files-title">
      <div class="card-body">
        <h2 class="h6" id="files-title">{{T_FILES}} ({{FILES_COUNT}})</h2>
        {{#NO_DETAILS}}<p class="text-body-secondary mb-0">{{T_NO_FILES_YET}}</p>{{/NO_DETAILS}}
        {{#CHOOSE}}<form method="post" action="/torrents/{{ID}}/select" class="choose-files"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
          <p class="small">{{T_CHOOSE_FILES_HELP}}</p>
          <div class="table-responsive"><table class="table table-sm mb-2 files-table">
            <thead><tr><th scope="col">{{T_SELECT}}</th><th scope="col">{{T_PATH}}</th><th scope="col" class="text-end">{{T_SIZE}}</th></tr></thead>
            <tbody>{{#CHOICE}}<tr><td><input class="form-check-input" type="checkbox" name="file_id" value="{{FILE_ID}}" id="file-{{FILE_ID}}"{{#CHECKED}} checked{{/CHECKED}}></td><td class="text-break"><label for="file-{{FILE_ID}}">{{PATH}}</label></td><td class="text-end text-nowrap">{{SIZE}}</td></tr>{{/CHOICE}}</tbody>
          </table></div>
          <button type="submit" class="btn btn-sm btn-primary" data-action="select">{{T_SELECT_FILES_NOW}}</button>
        </form>{{/CHOOSE}}
        {{#FILES}}<div class="table-responsive"><table class="table table-sm mb-0 files-table">
          <thead><tr><th scope="col">#</th><th scope="col">{{T_PATH}}</th><th scope="col" class="text-end">{{T_SIZE}}</th><th scope="col">{{T_SELECTED}}</th></tr></thead>
          <tbody>{{#FILE}}<tr class="{{#UNSELECTED}}text-body-secondary{{/UNSELECTED}}"><td>{{FILE_ID}}</td><td class="text-break">{{PATH}}</td><td class="text-end text-nowrap">{{SIZE}}</td><td>{{#SELECTED}}{{T_YES}}{{/SELECTED}}{{#UNSELECTED}}{{T_NO}}{{/UNSELECTED}}</td></tr>{{/FILE}}</tbody>
        </table></div>{{/FILES}}
      </div>
    </section>
    <section class="card" aria-labelledby="links-title">
      <div class="card-body">
        <div class="d-flex flex-wrap align-items-center gap-2 mb-2">
          <h2 class="h6 mb-0 me-auto" id="links-title">{{T_LINKS}} ({{LINKS_COUNT}})</h2>
          {{#HAS_LINKS}}<button type="button" class="btn btn-sm btn-outline-primary" data-copy-all hidden data-js-only>{{T_COPY_ALL}}</button>{{/HAS_LINKS}}
        </div>
        {{#CHECK_OK}}<p class="small text-body-secondary mb-2" data-link-check="ok">{{CHECK_BEFORE}}<time datetime="{{CHECK_WHEN_ISO}}">{{CHECK_WHEN}}</time>{{CHECK_AFTER}}</p>{{/CHECK_OK}}
        {{#CHECK_DEAD}}<p class="small text-danger mb-2" data-link-check="dead">{{CHECK_BEFORE}}<time datetime="{{CHECK_WHEN_ISO}}">{{CHECK_WHEN}}</time>{{CHECK_AFTER}}</p>{{/CHECK_DEAD}}
        {{#NO_LINKS}}<p class="text-body-secondary mb-0">{{T_NO_LINKS}}</p>{{/NO_LINKS}}
        <ul class="list-unstyled mb-0 links-list">{{#LINK}}<li class="d-flex align-items-start gap-2"><a class="text-break flex-grow-1" href="{{URL}}" rel="noreferrer noopener" data-link>{{URL}}</a><button type="button" class="btn btn-sm btn-outline-secondary py-0" data-copy="{{URL}}" aria-label="{{T_COPY_THIS}}" hidden data-js-only>{{T_COPY}}</button></li>{{/LINK}}</ul>
      </div>
    </section>
  </div>
</div>
