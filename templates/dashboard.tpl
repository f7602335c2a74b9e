{{%AUTOESCAPE context="HTML"}}<div class="d-flex flex-wrap align-items-baseline gap-3 mb-3">
  <h1 class="h3 mb-0">{{T_DASHBOARD_TITLE}}</h1>
  <span class="text-body-secondary small" id="last-sync">{{#LAST_SYNC}}{{T_LAST_SYNC}} {{LAST_TYPE}} · {{LAST_STATE}} · <time datetime="{{LAST_FINISHED_ISO}}">{{LAST_FINISHED}}</time>{{#LAST_RESULT}} · {{LAST_RESULT_TEXT}}{{/LAST_RESULT}}{{/LAST_SYNC}}{{#NEVER_SYNCED}}{{T_NEVER_SYNCED}}{{/NEVER_SYNCED}}</span>
</div>
{{#FLASH}}<div class="alert alert-{{FLASH_KIND}}" role="status">{{FLASH_TEXT}}</div>{{/FLASH}}
<div class="row row-cols-2 row-cols-md-3 row-cols-xl-6 g-3 mb-4 stat-cards">
  {{#CARD}}<div class="col">
    <a class="card h-100 stat-card stat-{{KIND}} text-decoration-none" href="{{URL}}">
      <div class="card-body">
        <div class="small text-body-secondary">{{TITLE}}</div>
        <div class="fs-3 fw-semibold" data-stat="{{KIND}}">{{VALUE}}</div>
        <div class="small text-body-secondary" data-stat-note="{{KIND}}">{{NOTE}}</div>
      </div>
    </a>
  </div>{{/CARD}}
</div>
<div class="row g-4">
  <div class="col-lg-7">
    <section class="card mb-4" aria-labelledby="sync-title">
      <div class="card-body">
        <h2 class="h5" id="sync-title">{{T_SYNC_TITLE}}</h2>
        {{#ACTIVE_JOB}}<div class="alert alert-info mb-3" role="status" data-active-job="{{JOB_ID}}">{{T_JOB}} {{JOB_ID}} ({{JOB_TYPE}}) · {{JOB_STATE}}{{#JOB_PHASE}} · {{JOB_PHASE_TEXT}}{{/JOB_PHASE}}{{#JOB_PROGRESS}} · {{JOB_DONE}}/{{JOB_TOTAL}}{{/JOB_PROGRESS}}</div>{{/ACTIVE_JOB}}
        <div class="sync-progress mb-3" id="sync-progress" hidden aria-live="polite">
          <div class="d-flex flex-wrap justify-content-between gap-2 small"><strong data-job-line></strong><span data-phase></span></div>
          <progress class="w-100" aria-label="{{T_SYNC_PROGRESS}}"></progress>
          <div class="small text-body-secondary" data-progress-text></div>
        </div>
        <div class="row row-cols-1 row-cols-sm-2 g-2">
          {{#SYNC_ACTION}}<div class="col">
            <form method="post" action="{{ACTION_URL}}" class="h-100" data-sync-form>
              <input type="hidden" name="csrf_token" value="{{CSRF}}">
              <button type="submit" class="btn btn-outline-{{STYLE}} w-100 h-100 text-start sync-button" data-sync="{{TYPE}}"{{#BUSY}} disabled{{/BUSY}}>
                <strong class="d-block">{{TITLE}}</strong>
                <span class="small sync-description">{{DESCRIPTION}}</span>
              </button>
            </form>
          </div>{{/SYNC_ACTION}}
        </div>
      </div>
    </section>
    <section class="card" aria-labelledby="console-title">
      <div class="card-body">
        <div class="d-flex flex-wrap align-items-center gap-3 mb-2">
          <h2 class="h5 mb-0 me-auto" id="console-title">{{T_ACTIVITY}}</h2>
          <div class="form-check form-switch mb-0" hidden data-js-only>
            <input class="form-check-input" type="checkbox" role="switch" id="console-autoscroll" checked>
            <label class="form-check-label small" for="console-autoscroll">{{T_AUTOSCROLL}}</label>
          </div>
          <button type="button" class="btn btn-sm btn-outline-secondary" id="console-clear" hidden data-js-only>{{T_CLEAR}}</button>
        </div>
        <ol class="activity-console list-unstyled mb-0 small" id="activity-console" data-last-id="{{LAST_EVENT_ID}}" tabindex="0" aria-labelledby="console-title">
          {{#EVENT}}<li class="event-{{LEVEL}}" data-event-id="{{EVENT_ID}}"><time datetime="{{AT_ISO}}">{{AT}}</time> <span class="event-level">{{LEVEL}}</span> <span class="event-message">{{MESSAGE}}</span></li>{{/EVENT}}
          {{#NO_EVENTS}}<li class="text-body-secondary" data-placeholder>{{T_NO_EVENTS}}</li>{{/NO_EVENTS}}
        </ol>
      </div>
    </section>
  </div>
  <div class="col-lg-5">
    <section class="card" aria-labelledby="status-title">
      <div class="card-body">
        <h2 class="h5" id="status-title">{{T_BY_STATUS}}</h2>
        <table class="table table-sm mb-0">
          <thead><tr><th scope="col">{{T_COL_STATUS}}</th><th scope="col" class="text-end">{{T_COL_TORRENTS}}</th></tr></thead>
          <tbody>
          {{#STATUS_ROW}}<tr><td><a href="{{URL}}"><span class="badge status-badge status-{{BADGE}}" title="{{STATUS}}" data-status="{{STATUS}}">{{STATUS_TEXT}}</span></a></td><td class="text-end" data-status-count="{{STATUS}}">{{COUNT}}</td></tr>{{/STATUS_ROW}}
          </tbody>
        </table>
      </div>
    </section>
    <section class="card mt-4" aria-labelledby="care-title">
      <div class="card-body">
        <h2 class="h5" id="care-title">{{T_CARE_TITLE}}</h2>
        <ul class="list-unstyled mb-0 library-care">
          <li><a href="/torrents?status=errors" data-care="errors">{{ERRORS_TEXT}}</a></li>
          <li><a href="/duplicates" data-care="duplicates">{{DUPLICATES_TEXT}}</a></li>
          <li><a href="/trash" data-care="trash">{{TRASH_TEXT}}</a></li>
          <li><a href="/add">{{T_ADD_TITLE}}</a> · <a href="/history">{{T_HISTORY_TITLE}}</a></li>
        </ul>
      </div>
    </section>
    <section class="card mt-4" aria-labelledby="account-title">
      <div class="card-body">
        <h2 class="h5" id="account-title">{{T_ACCOUNT_TITLE}}</h2>
        {{#ACCOUNT}}<dl class="row small mb-2 account-panel">
          <dt class="col-6">{{T_ACCOUNT_USER}}</dt><dd class="col-6 text-break">{{USERNAME}} ({{TYPE}})</dd>
          <dt class="col-6">{{T_PREMIUM_LEFT}}</dt><dd class="col-6" data-account="premium_days">{{PREMIUM_DAYS}}</dd>
          <dt class="col-6">{{T_POINTS}}</dt><dd class="col-6">{{POINTS}}</dd>
          <dt class="col-6">{{T_SLOTS}}</dt><dd class="col-6" data-account="slots">{{ACTIVE}} / {{SLOTS}}</dd>
          {{#TRAFFIC}}<dt class="col-6">{{T_TRAFFIC_LEFT}}</dt><dd class="col-6">{{TRAFFIC_LEFT}}</dd>{{/TRAFFIC}}
        </dl>
        <p class="small text-body-secondary mb-0">{{ACCOUNT_READ_BEFORE}}<time datetime="{{ACCOUNT_READ_WHEN_ISO}}">{{ACCOUNT_READ_WHEN}}</time>{{ACCOUNT_READ_AFTER}}</p>{{/ACCOUNT}}
        {{#NO_ACCOUNT}}<p class="small text-body-secondary mb-0">{{T_ACCOUNT_UNREAD}}</p>{{/NO_ACCOUNT}}
      </div>
    </section>
  </div>
</div>
<dialog class="confirm-dialog" id="confirm-sync" aria-labelledby="confirm-title">
  <form method="dialog">
    <h2 class="h5" id="confirm-title" data-confirm-title>{{T_CONFIRM_TITLE}}</h2>
    <p class="mb-3" data-confirm-body></p>
    <div class="d-flex justify-content-end gap-2">
      <button class="btn btn-outline-secondary" value="cancel">{{T_CANCEL}}</button>
      <button class="btn btn-primary" value="start">{{T_START}}</button>
    </div>
  </form>
</dialog>
<section class="mt-4" id="charts" aria-labelledby="charts-title" data-charts>
  <h2 class="h5" id="charts-title">{{T_CHARTS}}</h2>
  <div class="row g-4">
    <div class="col-lg-4"><div class="card h-100"><div class="card-body">
      <h3 class="h6" id="chart-status-title">{{T_CHART_STATUS}}</h3>
      <div class="chart-box"><canvas id="chart-status" role="img" aria-labelledby="chart-status-title"></canvas></div>
    </div></div></div>
    <div class="col-lg-4"><div class="card h-100"><div class="card-body">
      <h3 class="h6" id="chart-growth-title">{{T_CHART_GROWTH}}</h3>
      <div class="chart-box"><canvas id="chart-growth" role="img" aria-labelledby="chart-growth-title"></canvas></div>
    </div></div></div>
    <div class="col-lg-4"><div class="card h-100"><div class="card-body">
      <h3 class="h6" id="chart-size-title">{{T_CHART_SIZE}}</h3>
      <div class="chart-box"><canvas id="chart-size" role="img" aria-labelledby="chart-size-title"></canvas></div>
    </div></div></div>
  </div>
  <noscript><p class="text-body-secondary small mt-2">{{T_CHARTS_NOSCRIPT}}</p></noscript>
</section>
