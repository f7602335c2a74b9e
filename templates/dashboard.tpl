{{%AUTOESCAPE context="HTML"}}<div class="d-flex flex-wrap align-items-baseline gap-3 mb-3">
  <h1 class="h3 mb-0">Dashboard</h1>
  <span class="text-body-secondary small" id="last-sync">{{#LAST_SYNC}}Last sync: {{LAST_TYPE}} · {{LAST_STATE}} · {{LAST_FINISHED}}{{#LAST_RESULT}} · {{LAST_RESULT_TEXT}}{{/LAST_RESULT}}{{/LAST_SYNC}}{{#NEVER_SYNCED}}No sync has run yet{{/NEVER_SYNCED}}</span>
</div>
{{#FLASH}}<div class="alert alert-{{FLASH_KIND}}" role="status">{{FLASH_TEXT}}</div>{{/FLASH}}
<div class="row row-cols-2 row-cols-md-3 row-cols-xl-6 g-3 mb-4 stat-cards">
  {{#CARD}}<div class="col">
    <a class="card h-100 stat-card stat-{{KIND}} text-decoration-none" href="{{URL}}">
      <div class="card-body">
        <div class="small text-body-secondary">{{TITLE}}</div>
        <div class="fs-3 fw-semibold" data-stat="{{KIND}}">{{VALUE}}</div>
        <div class="small text-body-secondary">{{NOTE}}</div>
      </div>
    </a>
  </div>{{/CARD}}
</div>
<div class="row g-4">
  <div class="col-lg-7">
    <section class="card mb-4" aria-labelledby="sync-title">
      <div class="card-body">
        <h2 class="h5" id="sync-title">Synchronisation</h2>
        {{#ACTIVE_JOB}}<div class="alert alert-info mb-3" role="status">Job {{JOB_ID}} ({{JOB_TYPE}}) is {{JOB_STATE}}{{#JOB_PHASE}} · {{JOB_PHASE_TEXT}}{{/JOB_PHASE}}{{#JOB_PROGRESS}} · {{JOB_DONE}}/{{JOB_TOTAL}}{{/JOB_PROGRESS}}</div>{{/ACTIVE_JOB}}
        <div class="row row-cols-1 row-cols-sm-2 g-2">
          {{#SYNC_ACTION}}<div class="col">
            <form method="post" action="{{ACTION_URL}}" class="h-100">
              <input type="hidden" name="csrf_token" value="{{CSRF}}">
              <button type="submit" class="btn btn-outline-{{STYLE}} w-100 h-100 text-start sync-button" data-sync="{{TYPE}}"{{#BUSY}} disabled{{/BUSY}}>
                <strong class="d-block">{{TITLE}}</strong>
                <span class="small">{{DESCRIPTION}}</span>
              </button>
            </form>
          </div>{{/SYNC_ACTION}}
        </div>
      </div>
    </section>
    <section class="card" aria-labelledby="console-title">
      <div class="card-body">
        <h2 class="h5" id="console-title">Activity</h2>
        <ol class="activity-console list-unstyled mb-0 small" id="activity-console">
          {{#EVENT}}<li class="event-{{LEVEL}}"><time datetime="{{AT}}">{{AT_TEXT}}</time> <span class="event-level">{{LEVEL}}</span> {{MESSAGE}}</li>{{/EVENT}}
          {{#NO_EVENTS}}<li class="text-body-secondary">Nothing yet: sync activity appears here.</li>{{/NO_EVENTS}}
        </ol>
      </div>
    </section>
  </div>
  <div class="col-lg-5">
    <section class="card" aria-labelledby="status-title">
      <div class="card-body">
        <h2 class="h5" id="status-title">By status</h2>
        <table class="table table-sm mb-0">
          <thead><tr><th scope="col">Status</th><th scope="col" class="text-end">Torrents</th></tr></thead>
          <tbody>
          {{#STATUS_ROW}}<tr><td><a href="{{URL}}"><span class="badge status-badge status-{{GROUP}}">{{STATUS}}</span></a></td><td class="text-end">{{COUNT}}</td></tr>{{/STATUS_ROW}}
          </tbody>
        </table>
      </div>
    </section>
  </div>
</div>
