{{%AUTOESCAPE context="HTML"}}<div class="d-flex flex-wrap align-items-baseline gap-3 mb-3">
  <h1 class="h3 mb-0">{{T_TORRENTS_TITLE}}</h1>
  <span class="text-body-secondary" data-total-line>{{TOTAL_COUNT}} {{#FILTERED}}{{T_MATCHING}}{{/FILTERED}}{{#UNFILTERED}}{{T_IN_LIBRARY}}{{/UNFILTERED}}</span>
</div>
<form class="row g-2 align-items-end mb-3 filter-form" method="get" action="/torrents" role="search" data-list-form>
  <div class="col-12 col-md-4">
    <label class="form-label small" for="q">{{T_NAME_OR_HASH}}</label>
    <input class="form-control" type="search" id="q" name="q" value="{{QUERY}}" maxlength="200" placeholder="{{T_SEARCH_LIBRARY}}">
  </div>
  <div class="col-6 col-md-3">
    <label class="form-label small" for="status">{{T_COL_STATUS}}</label>
    <select class="form-select" id="status" name="status">
      <option value="">{{T_ALL_STATUSES}} ({{ALL_COUNT}})</option>
      {{#STATUS_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}} ({{COUNT}})</option>{{/STATUS_OPTION}}
    </select>
  </div>
  <div class="col-6 col-md-2">
    <label class="form-label small" for="sort">{{T_SORT_BY}}</label>
    <select class="form-select" id="sort" name="sort">
      {{#SORT_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/SORT_OPTION}}
    </select>
  </div>
  <div class="col-6 col-md-2">
    <label class="form-label small" for="order">{{T_ORDER}}</label>
    <select class="form-select" id="order" name="order">
      <option value="desc"{{#DESC}} selected{{/DESC}}>{{T_DESCENDING}}</option>
      <option value="asc"{{#ASC}} selected{{/ASC}}>{{T_ASCENDING}}</option>
    </select>
  </div>
  <div class="col-6 col-md-1 d-grid">
    <button class="btn btn-primary" type="submit">{{T_APPLY}}</button>
  </div>
</form>
<div class="d-flex flex-wrap align-items-center gap-3 mb-2 list-tools">
  <form method="post" action="/actions/confirm" id="selection-form" class="d-flex flex-wrap align-items-center gap-2 selection-toolbar">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="back" value="{{BACK_URL}}">
    <span class="small text-body-secondary">{{T_WITH_TICKED}}</span>
    <button type="submit" name="action" value="delete" class="btn btn-sm btn-outline-danger" data-bulk="delete">{{T_DELETE}}…</button>
    <button type="submit" name="action" value="repair" class="btn btn-sm btn-outline-primary" data-bulk="repair">{{T_REPAIR}}…</button>
    <button type="submit" name="action" value="check" class="btn btn-sm btn-outline-secondary" data-bulk="check">{{T_CHECK_LINKS}}…</button>
  </form>
  <form method="post" action="/actions/confirm" class="d-flex flex-wrap align-items-center gap-2 all-matching" data-all-matching{{#UNFILTERED}} hidden{{/UNFILTERED}}>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="back" value="{{BACK_URL}}">
    <input type="hidden" name="status" value="{{STATUS_VALUE}}">
    <input type="hidden" name="q" value="{{QUERY}}">
    <span class="small text-body-secondary" data-all-matching-text>{{ALL_MATCHING_TEXT}}</span>
    <button type="submit" name="action" value="delete" class="btn btn-sm btn-outline-danger" data-bulk-all="delete">{{T_DELETE}}…</button>
    <button type="submit" name="action" value="repair" class="btn btn-sm btn-outline-primary" data-bulk-all="repair">{{T_REPAIR}}…</button>
    <button type="submit" name="action" value="check" class="btn btn-sm btn-outline-secondary" data-bulk-all="check">{{T_CHECK_LINKS}}…</button>
  </form>
  <span class="small ms-auto">{{T_EXPORT}} <a href="{{EXPORT_DMM}}" data-export="dmm">.dmm.json</a> · <a href="{{EXPORT_CSV}}" data-export="csv">CSV</a></span>
</div>
{{>TABLE}}
