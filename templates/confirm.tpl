{{%AUTOESCAPE context="HTML"}}<h1 class="h4 mb-3">{{HEADING}}</h1>
<section class="card mb-3" aria-labelledby="confirm-what">
  <div class="card-body">
    <h2 class="h6" id="confirm-what">{{SUMMARY}}</h2>
    <p class="small mb-2">{{EXPLAIN}}</p>
    <ul class="small mb-3 confirm-sample">{{#SAMPLE}}<li class="text-break">{{NAME}}</li>{{/SAMPLE}}{{#MORE}}<li class="text-body-secondary">{{MORE_TEXT}}</li>{{/MORE}}</ul>
    <form method="post" action="/actions" class="d-flex flex-wrap gap-2">
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <input type="hidden" name="action" value="{{ACTION}}">
      <input type="hidden" name="confirm" value="{{COUNT}}">
      <input type="hidden" name="digest" value="{{DIGEST}}">
      {{#ID}}<input type="hidden" name="id" value="{{VALUE}}">{{/ID}}
      {{#FILTER}}<input type="hidden" name="status" value="{{STATUS}}"><input type="hidden" name="q" value="{{QUERY}}">{{/FILTER}}
      {{#REPAIR_OPTIONS}}<div class="form-check w-100"><input class="form-check-input" type="checkbox" name="allow_download" value="1" id="allow-download"><label class="form-check-label small" for="allow-download">{{T_ALLOW_DOWNLOAD}}</label></div>{{/REPAIR_OPTIONS}}
      {{#CHECK_OPTIONS}}<div class="w-100"><label class="form-label small" for="per-minute">{{T_CHECK_PACE}}</label><input class="form-control form-control-sm w-auto" type="number" min="1" max="600" value="60" name="per_minute" id="per-minute"></div>{{/CHECK_OPTIONS}}
      <button type="submit" class="btn btn-{{STYLE}}" data-confirm="{{ACTION}}">{{BUTTON}}</button>
      <a class="btn btn-outline-secondary" href="{{BACK}}">{{T_CANCEL}}</a>
    </form>
  </div>
</section>
