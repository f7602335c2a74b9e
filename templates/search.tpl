{{%AUTOESCAPE context="HTML"}}<h1 class="h3 mb-3">Search</h1>
<form class="row g-2 mb-3" method="get" action="/search" role="search">
  <div class="col-12 col-md-8">
    <label class="visually-hidden" for="search-q">Name, hash prefix or id</label>
    <input class="form-control form-control-lg" type="search" id="search-q" name="q" value="{{QUERY}}" maxlength="200" placeholder="Words of the name, a hash prefix (4+ hex) or an id" autofocus>
  </div>
  <div class="col-12 col-md-2 d-grid"><button class="btn btn-primary btn-lg" type="submit">Search</button></div>
</form>
{{#HINT}}<p class="text-body-secondary">Search matches the beginning of words in names ("matri" finds "The.Matrix.1999"), a torrent's hash by its first characters, or its exact id.</p>{{/HINT}}
{{#RESULTS}}<p class="text-body-secondary">{{TOTAL_COUNT}} result(s) for “{{QUERY}}”{{#MORE}} · <a href="{{LIST_URL}}">open in the torrent list</a>{{/MORE}}</p>
{{>TABLE}}{{/RESULTS}}
