{{%AUTOESCAPE context="HTML"}}<h1 class="h3 mb-3">{{T_SEARCH_TITLE}}</h1>
<form class="row g-2 mb-3" method="get" action="/search" role="search">
  <div class="col-12 col-md-8">
    <label class="visually-hidden" for="search-q">{{T_SEARCH_LABEL}}</label>
    <input class="form-control form-control-lg" type="search" id="search-q" name="q" value="{{QUERY}}" maxlength="200" placeholder="{{T_SEARCH_PLACEHOLDER}}" autofocus>
  </div>
  <div class="col-12 col-md-2 d-grid"><button class="btn btn-primary btn-lg" type="submit">{{T_SEARCH_BUTTON}}</button></div>
</form>
{{#HINT}}<p class="text-body-secondary">{{T_SEARCH_HINT}}</p>{{/HINT}}
{{#RESULTS}}<p class="text-body-secondary">{{TOTAL_COUNT}} {{T_RESULTS_FOR}} “{{QUERY}}”{{#MORE}} · <a href="{{LIST_URL}}">{{T_OPEN_IN_LIST}}</a>{{/MORE}}</p>
{{>TABLE}}{{/RESULTS}}
